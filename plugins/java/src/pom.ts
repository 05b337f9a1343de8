import { blocks, children, stripXmlComments, text, without } from './xml.js';

/** A plugin of `<build><plugins>`: its artifactId and raw configuration text. */
export interface PomPlugin {
  artifactId: string;
  version?: string;
  body: string;
}

/** What the stack reads from one pom.xml. */
export interface Pom {
  groupId?: string;
  artifactId?: string;
  packaging: string;
  parent?: { groupId?: string; artifactId?: string; version?: string };
  modules: string[];
  properties: Map<string, string>;
  /** `groupId:artifactId` of every dependency (managed imports included, with `@version`). */
  dependencies: string[];
  /** Versions of BOMs imported in dependencyManagement, by artifactId. */
  imports: Map<string, string>;
  plugins: PomPlugin[];
  scmUrl?: string;
  licenseNames: string[];
}

/** Parses the parts of a pom.xml the java stack uses. Tolerates anything it does not understand. */
export function parsePom(source: string): Pom {
  const xml = stripXmlComments(source.replace(/^\uFEFF/, ''));
  const parentXml = blocks(xml, 'parent')[0];
  const top = without(xml, ['parent', 'dependencies', 'dependencyManagement', 'build', 'profiles', 'reporting', 'properties', 'modules', 'scm', 'licenses', 'developers', 'distributionManagement', 'repositories', 'pluginRepositories']);
  const properties = children(blocks(without(xml, ['profiles']), 'properties')[0] ?? '');
  const pom: Pom = {
    packaging: text(top, 'packaging') ?? 'jar',
    modules: blocks(blocks(without(xml, ['profiles']), 'modules')[0] ?? '', 'module').map((m) => m.trim()).filter((m) => m !== ''),
    properties,
    dependencies: [],
    imports: new Map(),
    plugins: [],
    licenseNames: blocks(blocks(xml, 'licenses')[0] ?? '', 'license').map((l) => text(l, 'name') ?? '').filter((n) => n !== ''),
  };
  const groupId = text(top, 'groupId');
  const artifactId = text(top, 'artifactId');
  if (groupId !== undefined) pom.groupId = groupId;
  if (artifactId !== undefined) pom.artifactId = artifactId;
  if (parentXml !== undefined) {
    const parent: Pom['parent'] = {};
    for (const key of ['groupId', 'artifactId', 'version'] as const) {
      const v = text(parentXml, key);
      if (v !== undefined) parent[key] = v;
    }
    pom.parent = parent;
  }
  const scm = blocks(xml, 'scm')[0];
  const scmUrl = scm === undefined ? undefined : text(scm, 'url');
  if (scmUrl !== undefined) pom.scmUrl = resolve(scmUrl, properties);
  const managed = blocks(xml, 'dependencyManagement')[0] ?? '';
  for (const dep of blocks(managed, 'dependency')) {
    if (text(dep, 'scope') === 'import') pom.imports.set(text(dep, 'artifactId') ?? '', resolve(text(dep, 'version') ?? '', properties));
  }
  const direct = without(xml, ['dependencyManagement', 'build', 'profiles']);
  for (const deps of blocks(direct, 'dependencies')) {
    for (const dep of blocks(deps, 'dependency')) pom.dependencies.push(`${text(dep, 'groupId') ?? ''}:${text(dep, 'artifactId') ?? ''}`);
  }
  const build = blocks(without(xml, ['profiles']), 'build')[0] ?? '';
  for (const plugins of blocks(without(build, ['pluginManagement']), 'plugins')) {
    for (const body of blocks(plugins, 'plugin')) {
      const plugin: PomPlugin = { artifactId: text(without(body, ['configuration', 'executions', 'dependencies']), 'artifactId') ?? '', body };
      const version = text(without(body, ['configuration', 'executions', 'dependencies']), 'version');
      if (version !== undefined) plugin.version = resolve(version, properties);
      pom.plugins.push(plugin);
    }
  }
  return pom;
}

/** Replaces `${name}` with the property's value (a few levels deep); unknown references stay. */
export function resolve(value: string, properties: Map<string, string>): string {
  let out = value;
  for (let i = 0; i < 5 && out.includes('${'); i++) out = out.replace(/\$\{([^}]+)\}/g, (m, name: string) => properties.get(name) ?? m);
  return out;
}

/** A plugin by artifactId. */
export function plugin(pom: Pom, artifactId: string): PomPlugin | undefined {
  return pom.plugins.find((p) => p.artifactId === artifactId);
}

/** A configuration value inside a plugin, with properties resolved. */
export function pluginSetting(pom: Pom, p: PomPlugin | undefined, name: string): string | undefined {
  if (p === undefined) return undefined;
  const v = text(p.body, name);
  return v === undefined ? undefined : resolve(v, pom.properties);
}
