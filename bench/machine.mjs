// What the benchmark ran on: cores, CPU, RAM, kernel, Docker engine and buildx versions, load.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { docker } from '@dockstack/engine';

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The 1-minute load average (what else the machine was doing while a number was taken). */
export function load1() {
  return Number(os.loadavg()[0].toFixed(2));
}

/** @returns {Promise<Record<string, unknown> & { summary: string }>} */
export async function describeMachine() {
  const info = await docker(['info', '--format', '{{json .}}']);
  let engine = {};
  try {
    engine = JSON.parse(info.stdout);
  } catch {
    /* engine unknown */
  }
  const buildx = (await docker(['buildx', 'version'])).stdout.trim().split(/\s+/)[1] ?? 'unknown';
  const osRelease = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readText('/etc/os-release'))?.[1] ?? os.type();
  const cpus = os.cpus();
  const m = {
    cores: cpus.length,
    cpu: (cpus[0]?.model ?? 'unknown cpu').replace(/\s+/g, ' ').trim(),
    ramGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    kernel: os.release(),
    os: osRelease,
    docker: engine.ServerVersion ?? 'unknown',
    buildx,
    storageDriver: engine.Driver ?? 'unknown',
    cgroup: engine.CgroupVersion ? `v${engine.CgroupVersion} (${engine.CgroupDriver})` : 'unknown',
    node: process.version,
  };
  m.summary = `${m.cores} cores (${m.cpu}), ${m.ramGiB} GiB RAM, ${m.os}, Linux ${m.kernel}, Docker engine ${m.docker} with buildx ${m.buildx} (${m.storageDriver}, cgroup ${m.cgroup}), Node.js ${m.node}`;
  return m;
}
