import { loadConfig } from '../../config';
import { loadPlugins, type PluginReport } from '../../plugins';
import { installPlugin, PluginError, removePlugin, setPluginOff } from '../../plugins/manage';
import { InputError, parseCommandArgs, type Command } from '../command';
import { formatTable, printResult } from '../output';

const USAGE = 'plugins list | check | install <package|file.tgz> | remove <name> | off <name> | on <name> [--json]';

function problemLines(report: PluginReport): string[] {
  return report.problems.map((p) => `  ${p.plugin}${p.file ? ` (${p.file})` : ''}: ${p.message}`);
}

function listText(report: PluginReport): string {
  if (!report.enabled) return 'Plugins are turned off for this TaskMaster (TASKMASTER_PLUGINS=off).';
  if (report.plugins.length === 0 && report.problems.length === 0) return `No plugins are installed (plugins folder: ${report.dir}).`;
  const table = formatTable(
    ['NAME', 'VERSION', 'FROM', 'STATE', 'STEPS'],
    report.plugins.map((p) => [
      p.name,
      p.version,
      p.source,
      p.disabled ? 'off' : p.problems.length ? `${p.problems.length} problem(s)` : 'on',
      p.steps.map((s) => s.id).join(', ') || '-',
    ]),
  );
  const problems = problemLines(report);
  return problems.length ? `${table}\nProblems:\n${problems.join('\n')}` : table;
}

async function act(action: string, arg: string | undefined): Promise<PluginReport> {
  if (!arg) throw new InputError(`Say which plugin.\nUsage: taskmaster ${USAGE}`);
  if (action === 'install') {
    const { name, plugin, report } = await installPlugin(arg);
    printResult(
      plugin ? `Installed ${name} ${plugin.version}: ${plugin.steps.map((s) => s.id).join(', ') || 'no steps'}.` : `Installed ${name}.`,
    );
    return report;
  }
  if (action === 'remove') return removePlugin(arg);
  return setPluginOff(arg, action === 'off');
}

export const command: Command = {
  name: 'plugins',
  summary: 'List, check, install, remove or turn off plugins (extra steps and triggers)',
  usage: USAGE,
  details: [
    '  list           installed plugins: version, folder or npm package, their steps, problems',
    '  check          loads every plugin and lists the problems; exit code 1 when there are any',
    '  install X      an npm package by name (from the registry npm reaches) or a .tgz file',
    '  remove X       uninstalls a package, or deletes a plugin folder',
    '  off X / on X   turns a plugin off (its steps disappear) or on again',
    '',
    `Plugins folder: TASKMASTER_PLUGINS_DIR, default <data dir>/plugins (now ${loadConfig().pluginsDir}).`,
    'Plugins are trusted code: they run inside TaskMaster with its rights. TASKMASTER_PLUGINS=off refuses them.',
    'A running TaskMaster and its workers load the new set when they restart (Settings → Plugins reloads the web process at once).',
  ].join('\n'),
  async run({ argv }) {
    const { values, positionals } = parseCommandArgs(this, argv, { json: { type: 'boolean' } }, { min: 1, max: 2 });
    const [action, arg] = positionals;
    let report: PluginReport;
    try {
      if (action === 'list' || action === 'check') report = await loadPlugins();
      else if (['install', 'remove', 'off', 'on'].includes(action)) report = await act(action, arg);
      else throw new InputError(`Unknown action "${action}".\nUsage: taskmaster ${USAGE}`);
    } catch (error) {
      if (error instanceof PluginError) throw new InputError(error.message);
      throw error;
    }
    if (values.json) printResult(JSON.stringify(report, null, 2));
    else if (action === 'check')
      printResult(
        report.problems.length
          ? `Problems:\n${problemLines(report).join('\n')}`
          : `All ${report.plugins.length} plugins load without problems.`,
      );
    else printResult(listText(report));
    return action === 'check' && report.problems.length > 0 ? 1 : 0;
  },
};
