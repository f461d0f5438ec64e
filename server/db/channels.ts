/**
 * The NOTIFY channel that tells trigger hosts and web servers to reload a workflow's triggers:
 * sent when a workflow is saved or turned on or off. The payload is the workflow id.
 */
export const TRIGGERS_CHANNEL = 'taskmaster_triggers';

/**
 * The NOTIFY channel that tells workers a workflow's tracked fields or alert rules changed, so
 * the after-run step reads them again (server/worker/after-run-config.ts). The payload is the
 * workflow id, or empty when the rules for every workflow (the default scope) changed.
 */
export const AFTER_RUN_CHANNEL = 'taskmaster_after_run';
