/**
 * Partials core serves to every stack's templates, included as `include('dockstack/<name>', it)`.
 * They read only the common options of the shared schema fragment (`schemas/common-options.json`).
 */
export const CORE_PARTIALS: Readonly<Record<string, string>> = {
  /** OCI image labels from appName, sourceUrl and license, with build-time VERSION, REVISION and CREATED. */
  'dockstack/labels':
    [
      '<%_ const o = it.options; _%>',
      '',
      '# Build metadata, last so it never busts the cache: --build-arg VERSION=1.2.3 REVISION=$(git rev-parse HEAD) CREATED=$(date -u +%FT%TZ)',
      'ARG VERSION=0.0.0',
      'ARG REVISION=unknown',
      'ARG CREATED=1970-01-01T00:00:00Z',
      'LABEL org.opencontainers.image.title="<%= o.appName %>" \\',
      '      org.opencontainers.image.version="${VERSION}" \\',
      '      org.opencontainers.image.revision="${REVISION}" \\',
      '<%_ if (o.sourceUrl) { _%>',
      '      org.opencontainers.image.source="<%= o.sourceUrl %>" \\',
      '<%_ } _%>',
      '<%_ if (o.license) { _%>',
      '      org.opencontainers.image.licenses="<%= o.license %>" \\',
      '<%_ } _%>',
      '      org.opencontainers.image.created="${CREATED}"',
    ].join('\n') + '\n',
};
