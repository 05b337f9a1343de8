import { get, listOf, tableOf, type Table, xmlText as text, xmlTexts } from '@dockstack/plugin-api';

/** A plugin of `<build><plugins>`: its artifactId and parsed element. */
export interface PomPlugin {
  artifactId: string;
  version?: string;
  body: Table;
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

/** The parts of a parsed pom.xml (see `ProjectView.readXml`) the java stack uses. Tolerates anything it does not understand. */
export function parsePom(doc: Table): Pom {
  const xml = tableOf(doc['project']) ?? {};
  const properties = new Map<string, string>();
  for (const [k, v] of Object.entries(tableOf(xml['properties']) ?? {})) if (text(v) !== undefined) properties.set(k, text(v) as string);
  const at = (v: unknown, ...path: string[]): string | undefined => text(get(v, ...path));
  const pom: Pom = {
    packaging: at(xml, 'packaging') ?? 'jar',
    modules: listOf(get(xml, 'modules', 'module'))
      .map(text)
      .filter((m): m is string => m !== undefined && m !== ''),
    properties,
    dependencies: [],
    imports: new Map(),
    plugins: [],
    licenseNames: listOf(get(xml, 'licenses', 'license'))
      .map((l) => at(l, 'name') ?? '')
      .filter((n) => n !== ''),
  };
  const groupId = at(xml, 'groupId');
  const artifactId = at(xml, 'artifactId');
  if (groupId !== undefined) pom.groupId = groupId;
  if (artifactId !== undefined) pom.artifactId = artifactId;
  const parentXml = tableOf(xml['parent']);
  if (parentXml !== undefined) {
    const parent: Pom['parent'] = {};
    for (const key of ['groupId', 'artifactId', 'version'] as const) {
      const v = at(parentXml, key);
      if (v !== undefined) parent[key] = v;
    }
    pom.parent = parent;
  }
  const scmUrl = at(xml, 'scm', 'url');
  if (scmUrl !== undefined) pom.scmUrl = resolve(scmUrl, properties);
  for (const dep of listOf(get(xml, 'dependencyManagement', 'dependencies', 'dependency'))) {
    if (at(dep, 'scope') === 'import') pom.imports.set(at(dep, 'artifactId') ?? '', resolve(at(dep, 'version') ?? '', properties));
  }
  for (const dep of listOf(get(xml, 'dependencies', 'dependency')))
    pom.dependencies.push(`${at(dep, 'groupId') ?? ''}:${at(dep, 'artifactId') ?? ''}`);
  for (const body of listOf(get(xml, 'build', 'plugins', 'plugin'))) {
    const plugin: PomPlugin = { artifactId: at(body, 'artifactId') ?? '', body: tableOf(body) ?? {} };
    const version = at(body, 'version');
    if (version !== undefined) plugin.version = resolve(version, properties);
    pom.plugins.push(plugin);
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
  const v = p === undefined ? undefined : xmlTexts(p.body, name)[0];
  return v === undefined ? undefined : resolve(v, pom.properties);
}
