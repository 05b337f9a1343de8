#!/usr/bin/env python3
"""Turn Debian python3-* packages (.deb files) into wheels and a PEP 503 simple index.

    debs-to-wheels.py DEB_DIR OUT_DIR

Every .deb in DEB_DIR is unpacked (dpkg-deb -x) into one shared root, so a symlink one package makes
into another (Django's admin jQuery -> libjs-jquery) resolves. Each distribution Debian installs under
usr/lib/python3/dist-packages (a *.dist-info or *.egg-info folder) becomes one wheel holding that
package's files there: its .dist-info gets a proper METADATA (egg-info PKG-INFO and requires.txt
converted; a Requires-Dist on a Git URL unpinned), WHEEL, RECORD and entry_points.txt; Debian's INSTALLER and direct_url are dropped. A
package with compiled modules is tagged for the interpreter its .so files name (cp313-cp313-linux_x86_64;
cp32-abi3-linux_x86_64 for stable-ABI ones),
every other one py3-none-any. Wheels are byte-reproducible (sorted entries, fixed times and modes), so
the same Debian versions give the same hashes. OUT_DIR gets files/<wheel> and simple/<name>/index.html.
"""
import base64
import csv
import hashlib
import html
import io
import os
import re
import subprocess
import sys
import zipfile

SITE = 'usr/lib/python3/dist-packages'
EPOCH = (1980, 1, 1, 0, 0, 0)


def normalize(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def escape(name):
    return re.sub(r'[-_.]+', '_', name)


def parse_metadata(text):
    headers = {}
    for line in text.split('\n'):
        if line == '':
            break
        m = re.match(r'^([A-Za-z-]+):\s*(.*)$', line)
        if m:
            headers.setdefault(m.group(1).lower(), m.group(2).strip())
    return headers


def requires_from_egg(text):
    """requires.txt ([extra] and [extra:marker] / [:marker] sections) -> Requires-Dist lines."""
    out, section = [], ''
    for raw in text.split('\n'):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('['):
            section = line[1:-1]
            continue
        extra, _, marker = section.partition(':')
        conds = []
        if marker:
            conds.append(f'({marker})' if ' or ' in marker else marker)
        if extra:
            conds.append(f'extra == "{extra}"')
        req = line
        if conds:
            req += ('; ' if ';' not in req else ' and ') + ' and '.join(conds)
        out.append(req)
    return out


def unpin_direct_urls(metadata):
    """A Requires-Dist on a direct URL (`name @ git+https://...`, left by a build from a Git checkout, e.g.
    Debian's poetry-plugin-export) cannot be met from an index: an optional one (extra) is dropped, a
    required one keeps only its name, which the mirror serves in Debian's version."""
    out = []
    for line in metadata.split('\n'):
        m = re.match(r'^Requires-Dist:\s*([A-Za-z0-9._-]+(?:\[[^]]*\])?)\s*@\s*\S+\s*(;.*)?$', line)
        if m:
            if m.group(2) and 'extra' in m.group(2):
                continue
            line = f'Requires-Dist: {m.group(1)}' + (f' {m.group(2)}' if m.group(2) else '')
        out.append(line)
    return '\n'.join(out)


def deb_files(deb):
    """The paths (relative to the unpack root) a .deb installs, with their type."""
    out = subprocess.run(['dpkg-deb', '--fsys-tarfile', deb], check=True, capture_output=True).stdout
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(out)) as tar:
        return [(m.name[2:] if m.name.startswith('./') else m.name, m) for m in tar.getmembers()]


def read_resolved(root, rel):
    """File bytes of rel inside root, following symlinks inside root; None when dangling."""
    path = os.path.join(root, rel)
    for _ in range(40):
        if not os.path.islink(path):
            break
        target = os.readlink(path)
        if os.path.isabs(target):
            path = os.path.join(root, target.lstrip('/'))
        else:
            path = os.path.normpath(os.path.join(os.path.dirname(path), target))
        if not os.path.realpath(path).startswith(os.path.realpath(root) + os.sep):
            return None
    if not os.path.isfile(path):
        return None
    with open(path, 'rb') as f:
        return f.read()


def deb_field(deb, field):
    return subprocess.run(['dpkg-deb', '-f', deb, field], check=True, capture_output=True, text=True).stdout.strip()


def depends_of(deb, dist_of_deb):
    """The distributions a .deb's Depends name (python3-* packages this mirror turns into wheels)."""
    out = []
    for alt in deb_field(deb, 'Depends').split(','):
        pkg = alt.split('|')[0].strip().split(' ')[0].split(':')[0]
        if pkg in dist_of_deb:
            out.append(dist_of_deb[pkg])
    return sorted(set(out))


def wheel_for(root, deb, info, members, out_files, deb_requires=()):
    site = os.path.join(root, SITE)
    info_path = os.path.join(site, info)
    is_egg = info.endswith('.egg-info')
    if os.path.isdir(info_path):
        meta_name = 'PKG-INFO' if is_egg else 'METADATA'
        with open(os.path.join(info_path, meta_name), encoding='utf-8') as f:
            metadata = f.read()
    else:  # a single-file egg-info
        with open(info_path, encoding='utf-8') as f:
            metadata = f.read()
    headers = parse_metadata(metadata)
    name, version = headers.get('name'), headers.get('version')
    if not name or not version:
        raise SystemExit(f'{deb}: {info} has no Name/Version')
    if is_egg:
        head, _, body = metadata.partition('\n\n')
        head_lines = [l for l in head.split('\n') if not l.lower().startswith('requires-dist:') and not l.lower().startswith('metadata-version:')]
        reqs_file = os.path.join(info_path, 'requires.txt')
        reqs = []
        if os.path.isfile(reqs_file):
            with open(reqs_file, encoding='utf-8') as f:
                reqs = requires_from_egg(f.read())
        extras = sorted({m for r in reqs for m in re.findall(r'extra == "([^"]+)"', r)})
        metadata = '\n'.join(['Metadata-Version: 2.1'] + head_lines + [f'Provides-Extra: {e}' for e in extras if f'Provides-Extra: {e}' not in head_lines] + [f'Requires-Dist: {r}' for r in reqs]) + '\n'
        if body:
            metadata += '\n' + body

    metadata = unpin_direct_urls(metadata)
    if deb_requires and not re.search(r'^Requires-Dist:', metadata, re.M):
        # Some Debian builds carry no Requires-Dist (python3-cleo: its rapidfuzz only in the .deb's
        # Depends); the Depends on packages this mirror serves stand in for them.
        head, sep, body = metadata.partition('\n\n')
        metadata = head + ''.join(f'\nRequires-Dist: {d}' for d in deb_requires) + (sep + body if sep else '\n')
    dist_info = f'{escape(name)}-{version}.dist-info'
    entries = {}
    compiled = set()
    prefix = SITE + '/'
    for rel, member in members:
        if not rel.startswith(prefix) or member.isdir():
            continue
        inner = rel[len(prefix):]
        top = inner.split('/', 1)[0]
        if top.endswith('.dist-info') or top.endswith('.egg-info'):
            continue
        if '/__pycache__/' in f'/{inner}' or inner.endswith('.pyc'):
            continue
        data = read_resolved(root, rel)
        if data is None:
            print(f'  {os.path.basename(deb)}: skipping dangling {inner}', file=sys.stderr)
            continue
        mode = 0o755 if (member.mode & 0o111) and not member.issym() else 0o644
        entries[inner] = (data, mode)
        m = re.search(r'\.cpython-(\d+)-x86_64-linux-gnu\.so$', inner)
        if m:
            compiled.add(f'cp{m.group(1)}')
        elif inner.endswith('.so'):
            compiled.add('abi3')
    if not entries:
        return None
    if compiled - {'abi3'}:
        py = sorted(compiled - {'abi3'})[-1]
        tag = f'{py}-{py}-linux_x86_64'
    elif compiled:
        tag = 'cp32-abi3-linux_x86_64'  # the stable ABI: any CPython from 3.2 accepts it
    else:
        tag = 'py3-none-any'

    entries[f'{dist_info}/METADATA'] = (metadata.encode('utf-8'), 0o644)
    for extra in ('entry_points.txt', 'top_level.txt', 'LICENSE', 'LICENSE.txt', 'COPYING'):
        p = os.path.join(info_path, extra)
        if os.path.isfile(p):
            with open(p, 'rb') as f:
                entries[f'{dist_info}/{extra}'] = (f.read(), 0o644)
    wheel_meta = f'Wheel-Version: 1.0\nGenerator: dockstack debs-to-wheels\nRoot-Is-Purelib: {"true" if tag == "py3-none-any" else "false"}\nTag: {tag}\n'
    entries[f'{dist_info}/WHEEL'] = (wheel_meta.encode(), 0o644)
    record = io.StringIO()
    writer = csv.writer(record, lineterminator='\n')
    for path in sorted(entries):
        data = entries[path][0]
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
        writer.writerow([path, f'sha256={digest}', len(data)])
    writer.writerow([f'{dist_info}/RECORD', '', ''])
    entries[f'{dist_info}/RECORD'] = (record.getvalue().encode(), 0o644)

    filename = f'{escape(name)}-{version}-{tag}.whl'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for path in sorted(entries, key=lambda p: (p.startswith(dist_info + '/'), p)):
            data, mode = entries[path]
            zi = zipfile.ZipInfo(path, EPOCH)
            zi.external_attr = (0o100000 | mode) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    with open(os.path.join(out_files, filename), 'wb') as f:
        f.write(buf.getvalue())
    return name, version, filename, headers.get('requires-python')


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    debs_dir, out = sys.argv[1], sys.argv[2]
    debs = sorted(os.path.join(debs_dir, d) for d in os.listdir(debs_dir) if d.endswith('.deb'))
    if not debs:
        raise SystemExit(f'no .deb files in {debs_dir}')
    root = os.path.join(out, 'unpacked')
    files = os.path.join(out, 'files')
    os.makedirs(root, exist_ok=True)
    os.makedirs(files, exist_ok=True)
    for deb in debs:
        subprocess.run(['dpkg-deb', '-x', deb, root], check=True)
    index = {}
    found = []
    dist_of_deb = {}
    for deb in debs:
        members = deb_files(deb)
        tops = {rel[len(SITE) + 1:].split('/', 1)[0] for rel, _ in members if rel.startswith(SITE + '/')}
        infos = sorted(t for t in tops if t.endswith('.dist-info') or t.endswith('.egg-info'))
        if not infos:
            continue
        if len(infos) > 1:
            print(f'  {os.path.basename(deb)}: {len(infos)} distributions ({", ".join(infos)}); only {infos[0]} is made a wheel', file=sys.stderr)
        dist_of_deb[deb_field(deb, 'Package')] = re.sub(r'-[^-]*\.(dist|egg)-info$', '', infos[0])
        found.append((deb, infos[0], members))
    for deb, info, members in found:
        made = wheel_for(root, deb, info, members, files, depends_of(deb, dist_of_deb))
        if made:
            name, version, filename, requires_python = made
            index.setdefault(normalize(name), []).append((filename, requires_python))
    simple = os.path.join(out, 'simple')
    os.makedirs(simple, exist_ok=True)
    top = ['<!DOCTYPE html>', '<html><body>']
    for name in sorted(index):
        os.makedirs(os.path.join(simple, name), exist_ok=True)
        links = []
        for filename, requires_python in sorted(index[name]):
            with open(os.path.join(files, filename), 'rb') as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            rp = f' data-requires-python="{html.escape(requires_python)}"' if requires_python else ''
            links.append(f'<a href="../../files/{filename}#sha256={digest}"{rp}>{filename}</a><br>')
        with open(os.path.join(simple, name, 'index.html'), 'w') as f:
            f.write('<!DOCTYPE html>\n<html><body>\n' + '\n'.join(links) + '\n</body></html>\n')
        top.append(f'<a href="{name}/">{name}</a><br>')
    with open(os.path.join(simple, 'index.html'), 'w') as f:
        f.write('\n'.join(top + ['</body></html>']) + '\n')
    subprocess.run(['rm', '-rf', root], check=True)
    print(f'{sum(len(v) for v in index.values())} wheels, {len(index)} projects')


if __name__ == '__main__':
    main()
