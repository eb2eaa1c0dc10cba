import type { Rule } from '../finding.js';
import { copyNotAdd } from './copy-not-add.js';
import { execForm } from './exec-form.js';
import { exposeMatchesStack } from './expose-matches-stack.js';
import { healthcheck } from './healthcheck.js';
import { manifestsFirst } from './manifests-first.js';
import { multiStage } from './multi-stage.js';
import { noSecrets } from './secrets.js';
import { needsBuildkit } from './needs-buildkit.js';
import { nonRootUser } from './non-root-user.js';
import { packageCache } from './package-cache.js';
import { pinnedBase } from './pinned-base.js';
import type { DockerfileTarget } from './target.js';

export const dockerfileRules: Array<Rule<DockerfileTarget>> = [
  multiStage,
  nonRootUser,
  healthcheck,
  pinnedBase,
  copyNotAdd,
  packageCache,
  manifestsFirst,
  noSecrets,
  execForm,
  exposeMatchesStack,
  needsBuildkit,
];
