/**
 * The NOTIFY channel that tells trigger hosts and web servers to reload a workflow's triggers:
 * sent when a workflow is saved or turned on or off. The payload is the workflow id.
 */
export const TRIGGERS_CHANNEL = 'taskmaster_triggers';
