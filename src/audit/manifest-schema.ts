import { FAILSAFE_SCHEMA } from 'js-yaml';
import { GO_YAML_BOOL, GO_YAML_FLOAT, GO_YAML_INT, GO_YAML_MERGE, GO_YAML_NULL } from './kubectl-scalars';

/**
 * Manifests as kubectl reads them: go-yaml v2's plain scalars (YAML 1.1 booleans such as `yes` and
 * `on`, Go integers such as `0_0` and `017`) over YAML's strings, sequences and mappings, plus merge
 * keys (`<<: *defaults`). Timestamps stay strings, as go-yaml v2 leaves them for kubectl. Any other
 * tag (`!!binary`, `!!set`, custom tags) is unknown here, so a document using one is refused.
 * @internal Its type comes from js-yaml's typings, a devDependency: kept out of the declarations.
 */
export const MANIFEST_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [GO_YAML_NULL, GO_YAML_BOOL, GO_YAML_INT, GO_YAML_FLOAT, GO_YAML_MERGE],
});
