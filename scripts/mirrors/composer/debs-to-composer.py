#!/usr/bin/env python3
"""Turn Debian's PHP library packages (php-*.deb) into Composer dist zips and a Composer repository.

    debs-to-composer.py DEB_DIR OUT_DIR BASE_URL

Debian installs a PHP library under /usr/share/php/<Namespace path>/ with an autoload.php written by
phpab (a class map, plus `require_once` lines for the files the library always loads and for the
autoloaders of its dependencies) and no composer.json. Each such package becomes one Composer package:

- name: the `vendor name path` line pkg-php-tools leaves in /usr/share/pkg-php-tools/autoloaders/<package>
  (the composer.json name Debian built from), else php-<vendor>-<name> read as <vendor>/<name> (NAMES
  lists the few Debian names that do not split that way);
- version: the upstream part of the Debian version (epoch, +dfsg and the Debian revision dropped);
- autoload: psr-4 prefixes read from Debian's class map (each class name against its file's path:
  illuminate\\support\\traits\\macroable in /Traits/Macroable.php gives Illuminate\\Support\\ -> "", as
  upstream's composer.json has it, although Debian installs the package under Illuminate/Macroable; the
  prefix's case from the file's namespace line), a classmap for classes whose path does not end in their
  name, and `files` from the autoload.php lines that load the package's own files (helpers, functions);
- require: Debian's Depends on other converted packages, with Debian's version relations in Composer's
  operators (`>= 6.4`, `<< 7~~` -> `>=6.4 <7`); a Depends on a PHP extension package (php-mbstring,
  php-xml, php-intl) becomes `ext-<name>`. Debian packages none of upstream's symfony/polyfill-* and
  depends on the extension instead (symfony/string on php-intl), so a lock made here requires ext-intl
  where one made against Packagist would lock symfony/polyfill-intl-*;
- PLUGINS: the type, extra and composer-plugin-api requirement of the packages that are Composer plugins
  upstream (symfony/runtime writes vendor/autoload_runtime.php when the autoloader is dumped).

The zip holds the folder's files (Debian's autoload.php left out) under one top folder, as a code host's
zipball does (Composer strips it); entries are sorted with fixed times and modes, so the same Debian
versions give the same bytes and SHA-1. OUT_DIR gets dists/<vendor>/<name>/<version>.zip and packages.json
(every package inline, dist urls under BASE_URL).
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

# Debian package names that do not read as php-<vendor>-<name>.
NAMES = {
    'php-email-validator': 'egulias/email-validator',
    'php-graham-campbell-result-type': 'graham-campbell/result-type',
    'php-monolog': 'monolog/monolog',
}
# Composer plugins upstream: what their composer.json says beyond autoload and require.
PLUGINS = {
    'symfony/runtime': {
        'type': 'composer-plugin',
        'extra': {'class': 'Symfony\\Component\\Runtime\\Internal\\ComposerPlugin'},
        'require': {'composer-plugin-api': '^1.0|^2.0'},
    },
}
# Depends that name no library or extension: the interpreter's common files and its CLI.
NOT_REQUIRED = {'php-common', 'php-cli'}
OPS = {'>=': '>=', '<<': '<', '<=': '<=', '>>': '>', '=': ''}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def control(deb, field):
    return subprocess.run(['dpkg-deb', '-f', deb, field], check=True, capture_output=True, text=True).stdout.strip()


def upstream(version):
    """6.4.50+dfsg-0+deb13u1 -> 6.4.50; 1.10.0+ds-1 -> 1.10.0; 1:2.0~rc1-3 -> 2.0-rc1; 7~~ -> 7."""
    v = version.split(':', 1)[-1]
    v = re.sub(r'-[^-]*$', '', v) if '-' in v else v
    v = re.sub(r'[+~](dfsg|ds|repack).*$', '', v)
    v = re.sub(r'~+$', '', v)
    return v.replace('~', '-')


def relations(depends):
    """Depends -> {package: [(op, version)]}, the first alternative of each relation."""
    out = {}
    for rel in filter(None, (r.strip() for r in depends.split(','))):
        first = rel.split('|')[0].strip()
        m = re.match(r'^([a-z0-9.+-]+)(?::\w+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?$', first)
        if not m:
            continue
        out.setdefault(m.group(1), [])
        if m.group(2):
            out[m.group(1)].append((m.group(2), m.group(3)))
    return out


def constraint(pairs):
    if not pairs:
        return '*'
    return ' '.join(f'{OPS[op]}{upstream(v)}' for op, v in pairs)


def library(root, package):
    """The package's library folder under usr/share/php and its Composer name, or None."""
    marker = os.path.join(root, 'usr/share/pkg-php-tools/autoloaders', package)
    if os.path.isfile(marker):
        with open(marker) as f:
            vendor, name, path = f.readline().split()
        return f'{vendor}/{name}', os.path.dirname(path)
    share = os.path.join(root, 'usr/share/php')
    found = []
    for dirpath, _dirs, files in os.walk(share):
        if 'autoload.php' in files:
            found.append(os.path.relpath(dirpath, share))
    if len(found) != 1:
        return None
    name = NAMES.get(package)
    if name is None:
        parts = package[len('php-'):].split('-', 1)
        if len(parts) != 2:
            return None
        name = '/'.join(parts)
    return name, found[0]


def class_autoload(src, sub):
    """psr-4 (prefix -> folders) and classmap entries from the class map of Debian's autoload.php (in
    the folder `sub` of the package root `src`; its paths are relative to that folder)."""
    with open(os.path.join(src, sub, 'autoload.php')) as f:
        text = f.read()
    psr4, classmap = {}, []
    for cls, listed in re.findall(r"'((?:[a-z0-9_]+\\\\)*[a-z0-9_]+)'\s*=>\s*'(/[^']+\.php)'", text):
        rel = '/' + os.path.normpath(os.path.join(sub, listed.lstrip('/')))
        if not os.path.isfile(os.path.join(src, rel.lstrip('/'))):
            continue  # listed by phpab, not shipped (tests)
        names = cls.split('\\\\')
        parts = rel[1:-len('.php')].split('/')
        n = 0
        while n < min(len(names), len(parts)) and names[-1 - n] == parts[-1 - n].lower():
            n += 1
        if n == 0 or n == len(names):
            classmap.append(rel.lstrip('/'))
            continue
        prefix_len = len(names) - n
        base = '/'.join(parts[: len(parts) - n])
        # The prefix as the file's namespace line spells it.
        with open(os.path.join(src, rel.lstrip('/')), errors='replace') as f:
            m = re.search(r'^\s*namespace\s+([A-Za-z0-9_\\\\]+)\s*;', f.read(), re.M)
        spelled = m.group(1).split('\\') if m else []
        if [x.lower() for x in spelled[:prefix_len]] != names[:prefix_len]:
            classmap.append(rel.lstrip('/'))
            continue
        prefix = '\\'.join(spelled[:prefix_len]) + '\\'
        psr4.setdefault(prefix, set()).add(base + '/' if base else '')
    out = {'psr-4': {k: (sorted(v)[0] if len(v) == 1 else sorted(v)) for k, v in sorted(psr4.items())}}
    if classmap:
        out['classmap'] = sorted(set(classmap))
    return out


def own_files(src, sub):
    """The files Debian's autoload.php always loads from the package's own files (present in it)."""
    with open(os.path.join(src, sub, 'autoload.php')) as f:
        text = f.read()
    files = []
    for m in re.finditer(r"require(?:_once)?\s*\(?\s*__DIR__\s*\.\s*'(/[^']+)'", text):
        p = os.path.normpath(os.path.join(sub, m.group(1).lstrip('/')))
        if p.startswith('..') or p.endswith('autoload.php') or not os.path.isfile(os.path.join(src, p)):
            continue
        files.append(p)
    return files


def write_zip(src, sub, top, out):
    paths = []
    for dirpath, _dirs, files in os.walk(src):
        for name in files:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, src)
            if rel == os.path.normpath(os.path.join(sub, 'autoload.php')):
                continue
            paths.append(rel)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for rel in sorted(paths):
            info = zipfile.ZipInfo(f'{top}/{rel}', ZIP_TIME)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(os.path.join(src, rel), 'rb') as f:
                z.writestr(info, f.read())
    with open(out, 'rb') as f:
        return hashlib.sha1(f.read()).hexdigest()


def main():
    deb_dir, out_dir, base = sys.argv[1], sys.argv[2], sys.argv[3].rstrip('/') + '/'
    debs = sorted(os.path.join(deb_dir, d) for d in os.listdir(deb_dir) if d.endswith('.deb'))
    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        for deb in debs:
            package = control(deb, 'Package')
            root = os.path.join(tmp, package)
            subprocess.run(['dpkg-deb', '-x', deb, root], check=True)
            lib = library(root, package)
            if lib is None:
                continue
            name, folder = lib
            found[package] = {'deb': deb, 'root': root, 'name': name, 'folder': folder}
        packages = {}
        for package, p in sorted(found.items(), key=lambda kv: kv[1]['name']):
            deb = p['deb']
            version = upstream(control(deb, 'Version'))
            # The package root: the folder holding every file it installs (nette/utils puts files beside
            # the folder of its autoload.php).
            share = os.path.join(p['root'], 'usr/share/php')
            installed = [os.path.relpath(os.path.join(d, n), share) for d, _s, ns in os.walk(share) for n in ns]
            top = os.path.commonpath([os.path.dirname(f) for f in installed] + [p['folder']])
            src = os.path.join(share, top)
            sub = os.path.relpath(p['folder'], top)
            require = {}
            for dep, pairs in relations(control(deb, 'Depends')).items():
                if dep in found:
                    require[found[dep]['name']] = constraint(pairs)
                elif dep.startswith('php-') and dep not in NOT_REQUIRED:
                    require['ext-' + dep[len('php-'):]] = '*'
            autoload = class_autoload(src, sub)
            files = own_files(src, sub)
            if files:
                autoload['files'] = files
            vendor, short = p['name'].split('/')
            rel = f'dists/{vendor}/{short}/{version}.zip'
            sha1 = write_zip(src, sub, f'{vendor}-{short}-{version}', os.path.join(out_dir, rel))
            entry = {
                'name': p['name'],
                'version': version,
                'type': 'library',
                'description': control(deb, 'Description').split('\n')[0],
                'license': [],
                'autoload': autoload,
                'require': dict(sorted(require.items())),
                'dist': {'type': 'zip', 'url': base + rel, 'reference': sha1, 'shasum': sha1},
            }
            extra = PLUGINS.get(p['name'])
            if extra:
                entry['type'] = extra['type']
                entry['extra'] = extra['extra']
                entry['require'] = dict(sorted({**entry['require'], **extra['require']}.items()))
            packages[p['name']] = {version: entry}
            print(f"{package} -> {p['name']} {version}")
    with open(os.path.join(out_dir, 'packages.json'), 'w') as f:
        json.dump({'packages': packages}, f, indent=1, sort_keys=True)
        f.write('\n')
    print(f'{len(packages)} packages')


if __name__ == '__main__':
    main()
