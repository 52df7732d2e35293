import { CORE_SCHEMA, Type } from 'js-yaml';

/**
 * YAML 1.2's core types, as Kubernetes reads manifests (`2024-01-01` stays a string, not a Date),
 * plus merge keys (`<<: *defaults`), which Kubernetes and Compose both accept.
 * @internal Its type comes from js-yaml's typings, a devDependency: kept out of the declarations.
 */
export const MANIFEST_SCHEMA = CORE_SCHEMA.extend({
  implicit: [
    // js-yaml's own merge type, which its typings do not export: the loader merges keys of this tag.
    new Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' }),
  ],
});
