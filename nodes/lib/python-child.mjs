// The child process of the Python step (see python-sandbox.ts): loads Pyodide (CPython compiled
// to WebAssembly, with its standard library, all from node_modules: no network), then runs ONE
// piece of user code and exits. Plain JavaScript so it starts without a TypeScript loader.
// It runs under Node's permission model (reads only Pyodide's folder; no writes, no programs, no
// threads, no native addons) with an empty environment, so code that gets past Python's own
// walls still finds no secrets and no files.
import dgram from 'node:dgram';
import dns from 'node:dns';
import { constants as fsConstants } from 'node:fs';
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';

// Pyodide asks process.binding for fs constants; the permission model refuses process.binding.
process.binding = (name) => {
  if (name === 'constants') return { fs: fsConstants };
  throw new Error(`process.binding(${name}) is not available`);
};
// The parent is gone (server stopped): nothing left to do.
process.on('disconnect', () => process.exit(0));

// Memory the code may take, in bytes, counted as growth of WebAssembly memory from the start of the
// run. Python's allocator grows memory through this call; a refusal becomes a MemoryError.
let memoryCap = Infinity;
const grow = WebAssembly.Memory.prototype.grow;
WebAssembly.Memory.prototype.grow = function (pages) {
  if (this.buffer.byteLength + pages * 65_536 > memoryCap) throw new RangeError('memory limit');
  return grow.call(this, pages);
};

const send = (message) => process.send?.(message);

// Python side: compile the user's code as the body of a function (so `return` works at the top and
// line numbers stay the user's), call it, and hand back JSON. Defined before imports are closed.
const DRIVER = `
import ast, builtins, datetime, decimal, json, sys, traceback, importlib.abc

class Plain(Exception):
    """A failure worded for the user, shown as it is."""

class Output(Exception):
    pass

def _user_line(error):
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == '<code>':
            line = frame.lineno
    return line

def _has_return(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Return):
            return True
    return False

def _compile(code, params):
    tree = ast.parse(code, filename='<code>')
    body = tree.body or [ast.Pass()]
    args = ast.arguments(posonlyargs=[], args=[ast.arg(arg=p) for p in params], kwonlyargs=[], kw_defaults=[], defaults=[])
    fn = ast.FunctionDef(name='run', args=args, body=body, decorator_list=[], returns=None, type_params=[])
    module = ast.Module(body=[fn], type_ignores=[])
    ast.fix_missing_locations(module)
    scope = {'__name__': '__main__', '__builtins__': builtins}
    exec(compile(module, '<code>', 'exec'), scope)
    return scope['run'], tree

def _json_default(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (set, frozenset)):
        return list(value)
    raise Output(f'a value of type {type(value).__name__} is not data (use text, numbers, true/false, None, lists and dicts)')

def taskmaster_run(code, mode, items_json):
    try:
        run, tree = _compile(code, ['items'] if mode == 'all' else ['item', 'index'])
    except SyntaxError as error:
        return {'ok': False, 'kind': 'syntax', 'message': str(error.msg), 'line': error.lineno}
    items = json.loads(items_json)
    try:
        if mode == 'all':
            result = run(items)
            if result is None:
                raise Plain('The code returned nothing. End it with "return items" (or return a list of dicts).')
        else:
            if not _has_return(tree):
                raise Plain('The code returns nothing for each item. End it with "return item" to keep the item, or "return None" to drop it.')
            result = []
            for index, item in enumerate(items):
                try:
                    value = run(item, index)
                except Exception as error:
                    error.taskmaster_where = f'while working on item {index + 1}'
                    raise
                if value is not None:
                    result.append(value)
        try:
            return {'ok': True, 'json': json.dumps(result, default=_json_default, allow_nan=False)}
        except (Output, ValueError, TypeError, RecursionError) as error:
            return {'ok': False, 'kind': 'output', 'message': str(error)}
    except Plain as error:
        return {'ok': False, 'kind': 'plain', 'message': str(error)}
    except MemoryError:
        return {'ok': False, 'kind': 'memory', 'message': 'MemoryError'}
    except BaseException as error:
        where = getattr(error, 'taskmaster_where', None)
        text = f'{type(error).__name__}: {error}' if str(error) else type(error).__name__
        return {'ok': False, 'kind': 'thrown', 'message': text, 'line': _user_line(error), 'where': where}

# Close the way from Python to JavaScript and the host: these modules are Pyodide's bridge.
_closed = ('js', 'pyodide', '_pyodide', 'pyodide_js', '_pyodide_core', 'micropip')
class _Closed(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None, closed=_closed):
        if name.split('.')[0] in closed:
            raise ImportError(f'The module "{name}" is not available in the Python step.')
        return None
sys.meta_path.insert(0, _Closed())
for _name in list(sys.modules):
    if _name.split('.')[0] in _closed:
        del sys.modules[_name]
# Pyodide's own finder keeps the JavaScript objects behind "js" and "pyodide_js"; found through gc
# they led straight to the host. Empty it.
for _finder in sys.meta_path:
    getattr(_finder, 'jsproxies', {}).clear()
`;

// The parent sends first a memory snapshot of a freshly loaded Pyodide (or null): starting from
// it takes a quarter of the time of a full start (2.5 s against 9.5 s measured on a busy machine).
const first = new Promise((resolve) => process.once('message', resolve));

async function start() {
  const { loadPyodide } = await import('pyodide');
  if (process.argv[2] === 'snapshot') {
    const fresh = await loadPyodide({ _makeSnapshot: true });
    process.send?.({ type: 'snapshot', bytes: fresh.makeMemorySnapshot() }, () => process.exit(0));
    return new Promise(() => {});
  }
  const { snapshot } = await first;
  const pyodide = await loadPyodide(snapshot ? { _loadSnapshot: snapshot } : {});
  const scope = pyodide.globals.get('dict')();
  pyodide.runPython(DRIVER, { globals: scope });
  const taskmasterRun = scope.get('taskmaster_run');
  const heapBytes = () => pyodide._module.HEAP8.buffer.byteLength;
  // Only the user's code may reach these from here on.
  for (const name of ['fetch', 'WebSocket', 'XMLHttpRequest', 'Worker']) delete globalThis[name];
  closeTheHost();
  return { pyodide, taskmasterRun, heapBytes };
}

/**
 * Node 20's permission model covers files, programs and threads but not the network or signals,
 * and code that finds its way from Python to JavaScript can reach any built-in module
 * (process.getBuiltinModule, import()). Built-in modules exist once per process, so refusing
 * here holds for every way of reaching them: no connection, no DNS, no listening, no signals.
 */
function closeTheHost() {
  const refuse = () => {
    throw new Error('The Python step cannot open network connections or signal other programs.');
  };
  net.Socket.prototype.connect = refuse;
  net.Server.prototype.listen = refuse;
  net.connect = refuse;
  net.createConnection = refuse;
  net.createServer = refuse;
  tls.connect = refuse;
  http2.connect = refuse;
  dgram.createSocket = refuse;
  for (const name of ['send', 'bind', 'connect']) dgram.Socket.prototype[name] = refuse;
  for (const api of [dns, dns.promises]) {
    for (const name of Object.keys(api)) if (typeof api[name] === 'function') api[name] = refuse;
  }
  process.kill = refuse;
  delete process.getBuiltinModule;
}

function logger(job) {
  let lines = 0;
  return (level) => (text) => {
    lines += 1;
    if (lines > job.maxLogLines) {
      if (lines === job.maxLogLines + 1)
        send({ type: 'log', level: 'warn', message: `Only the first ${job.maxLogLines} printed lines are kept.` });
      return;
    }
    const message = text.length > job.maxChars ? `${text.slice(0, job.maxChars)}… (cut)` : text;
    send({ type: 'log', level, message });
  };
}

const ready = start();
ready.then(
  () => send({ type: 'ready' }),
  (error) => {
    send({ type: 'broken', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);

// The job listener is added only after the snapshot message has been taken by `first`.
void first.then(() =>
  process.once('message', async (job) => {
    const { pyodide, taskmasterRun, heapBytes } = await ready;
    const log = logger(job);
    pyodide.setStdout({ batched: log('info') });
    pyodide.setStderr({ batched: log('warn') });
    memoryCap = heapBytes() + job.memoryLimitMb * 1024 * 1024;
    let answer;
    try {
      const result = taskmasterRun(job.code, job.mode, job.itemsJson);
      answer = result.toJs({ dict_converter: Object.fromEntries });
      result.destroy();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      answer = {
        ok: false,
        kind: /memory/i.test(message) ? 'memory' : 'thrown',
        message: message.split('\n').filter(Boolean).pop() ?? message,
      };
    }
    process.send?.({ type: 'done', answer }, () => process.exit(0));
  }),
);
