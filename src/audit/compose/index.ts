export {
  COMPOSE_SERVICE_KIND,
  composeLabels,
  isComposeDocument,
  workloadsFromCompose,
  workloadsFromComposeProject,
} from './workloads-from-compose';
export { loadComposeProject } from './load-project';
export type {
  ComposeEnvironmentOptions,
  ComposeFileInput,
  ComposeProject,
  ComposeReadOptions,
  ProjectService,
  Taint,
} from './load-project';
export { readComposeProject } from './compose-go';
export type { ComposeGoError, ComposeGoRequest, ComposeGoResponse, ComposeGoTaint } from './compose-go';
export type { WrittenAt } from './compose-positions';
export { composeBoolean } from './booleans';
export type { ComposeLocator } from './workloads-from-compose';
export { COMPOSE_SERVICE_KEYS, COMPOSE_TOP_LEVEL_KEYS, closestKey } from './compose-keys';
export { COMPOSE_PRESENTERS, NATIVE, composePresenter } from './present';
export type { ComposeFindingContext, ComposePresenter, PresentedFinding } from './present';
export { translateService } from './translate-service';
export type {
  ComposeServiceRecord,
  TranslatedService,
  TranslationContext,
  TranslationProblem,
} from './translate-service';
export { parseSecurityOpt, securityOptSettings, SECURITY_OPT_KEYS } from './security-opt';
export type { UnconfiningSeccompFile } from './seccomp-file';
export type {
  ComposeLocalhostProfile,
  ComposeRuntimeDefaultProfile,
  ComposeUnconfinedProfile,
  SecurityOpt,
  SecurityOptSettings,
} from './security-opt';
export { parseShortVolume, parseLongVolume, namedVolumeHostPath, isHostPathSource } from './volumes';
export type { ComposeMount } from './volumes';
export { parseComposeUser } from './user';
export type { ComposeUser } from './user';
