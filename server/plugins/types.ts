/** What the loader found: shown on Settings → Plugins, by `taskmaster plugins list|check`, in logs. */

export interface PluginProblem {
  /** The plugin's name (package name or folder name). */
  plugin: string;
  /** The file the problem is in, relative to the plugins folder, when it is about one file. */
  file?: string;
  /** What went wrong and what to do, in plain words. */
  message: string;
}

export interface PluginStepInfo {
  /** The namespaced id saved in workflows: `<plugin>/<step id>`. */
  id: string;
  displayName: string;
  category: 'trigger' | 'action';
  version: number;
}

export interface PluginInfo {
  name: string;
  version: string;
  description: string;
  /** A folder dropped into the plugins folder, or a package installed there through npm. */
  source: 'folder' | 'npm';
  /** Absolute path of the plugin's folder. */
  dir: string;
  /** Turned off on Settings → Plugins: not loaded. */
  disabled: boolean;
  steps: PluginStepInfo[];
  credentialTypes: string[];
  problems: PluginProblem[];
}

export interface PluginReport {
  /** False when TASKMASTER_PLUGINS=off. */
  enabled: boolean;
  dir: string;
  plugins: PluginInfo[];
  /** Every problem, of every plugin (also those of folders that are not plugins at all). */
  problems: PluginProblem[];
}
