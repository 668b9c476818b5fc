"""Drives Eddy's Jupyter kernel with the real Jupyter client libraries (jupyter_client,
nbclient, nbformat), one scenario per run: `python3 jupyter_client_driver.py <scenario>`.
The kernelspec must already be installed (the node test installs it into a temporary
JUPYTER_DATA_DIR with `eddy kernel install`). Prints one JSON object of what it observed
on its last line; an assertion failure exits non-zero with the reason.
"""
import json
import sys
import time

import jupyter_client
import nbformat
from nbclient import NotebookClient

TIMEOUT = 120


def start():
    km, kc = jupyter_client.manager.start_new_kernel(kernel_name='eddy', startup_timeout=TIMEOUT)
    return km, kc


def reply_to(kc, msg_id):
    while True:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        if msg['parent_header'].get('msg_id') == msg_id:
            return msg


def run(kc, code, **kwargs):
    """Executes code; returns (reply content, [iopub messages of that request])."""
    seen = []
    reply = kc.execute_interactive(code, timeout=TIMEOUT, output_hook=seen.append, **kwargs)
    return reply['content'], seen


def outputs_of(seen, msg_type):
    return [m['content'] for m in seen if m['header']['msg_type'] == msg_type]


class RecordingClient(NotebookClient):
    """nbclient, recording every iopub message with the index of the cell being run."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events = []

    def process_message(self, msg, cell, cell_index):
        content = msg.get('content', {})
        display_id = (content.get('transient') or {}).get('display_id')
        self.events.append({'type': msg['msg_type'], 'running_cell': cell_index, 'display_id': display_id})
        return super().process_message(msg, cell, cell_index)


WAIT_FOR_BATCHES = """await new Promise<void>((resolve) => {
  let n = 0
  const off = ssc.bus.on('batch.completed', () => { if (++n >= 3) { off(); resolve() } })
})
'later cell ' + CELL"""


def scenario_notebook():
    cells = [
        '%new 100ms',
        "const counts = lines.flatMap((l: string) => l.split(' ')).map((w: string): [string, number] => [w, 1]).reduceByKey((a, b) => a + b)\ncounts.print(5)",
        "const windowed = lines.flatMap((l: string) => l.split(' ')).countByValueAndWindow(Milliseconds(300), Milliseconds(100))\nwindowed.display()\nssc.start()",
        'const CELL = 4\n' + WAIT_FOR_BATCHES,
        'CELL = 5\n' + WAIT_FOR_BATCHES,
        'CELL = 6\n' + WAIT_FOR_BATCHES,
        '%stop',
        "%new 1s --manual\nconst words = lines.flatMap((l: string) => l.split(' '))\nwords.window(Seconds(2), Seconds(1)).count().print()",
        '%step 3',
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    client = RecordingClient(nb, timeout=TIMEOUT, kernel_name='eddy', allow_errors=False)
    client.execute()
    facts = {'cells': []}
    for i, cell in enumerate(nb.cells):
        facts['cells'].append([{'output_type': o['output_type'], 'text': o.get('text', ''), 'data': {k: (v if isinstance(v, str) else json.dumps(v)) for k, v in o.get('data', {}).items()}} for o in cell.outputs])
    # display ids first shown in each cell, and updates of them while other cells ran
    first_shown = {}
    for e in client.events:
        if e['type'] == 'display_data' and e['display_id'] and e['display_id'] not in first_shown:
            first_shown[e['display_id']] = e['running_cell']
    updates = {}
    for e in client.events:
        if e['type'] == 'update_display_data':
            updates.setdefault(e['display_id'], []).append(e['running_cell'])
    facts['displays'] = [{'cell': cell, 'updated_while_running': updates.get(d, [])} for d, cell in first_shown.items()]
    return facts


def scenario_protocol():
    km, kc = start()
    facts = {}
    try:
        msg_id = kc.kernel_info()
        info = reply_to(kc, msg_id)['content']
        facts['kernel_info'] = {'protocol_version': info['protocol_version'], 'language': info['language_info']['name']}
        facts['complete_member'] = reply_to(kc, kc.complete('ssc.que', 7))['content']
        facts['complete_magic'] = reply_to(kc, kc.complete('%st', 3))['content']
        facts['is_complete'] = {code: reply_to(kc, kc.is_complete(code))['content']['status'] for code in ['function f() {', 'const a = [1,', 'const a = 1', '%step 3', 'const = ;']}
        facts['comm_info'] = reply_to(kc, kc.comm_info())['content']
        reply, seen = run(kc, 'let kept = 41\nkept + 1')
        facts['execute'] = {'status': reply['status'], 'count': reply['execution_count'], 'result': outputs_of(seen, 'execute_result')[0]['data']['text/plain'],
                            'states': [m['content']['execution_state'] for m in seen if m['header']['msg_type'] == 'status']}
        facts['user_expressions'] = run(kc, 'kept = 41', user_expressions={'double': 'kept * 2', 'bad': 'nope.x'})[0]['user_expressions']
        reply, seen = run(kc, 'kept', silent=True)
        facts['silent'] = {'count': reply['execution_count'], 'inputs': len(outputs_of(seen, 'execute_input')), 'results': len(outputs_of(seen, 'execute_result'))}
        reply, seen = run(kc, "throw new TypeError('bad cell')")
        facts['throwing_cell'] = {'status': reply['status'], 'ename': reply['ename'], 'errors': outputs_of(seen, 'error')}
        # a user function that throws inside a batch: an error output in the cell that started the stream
        reply, seen = run(kc, "%new 1s --manual\nlines.map((l: string) => { if (l.length > 0) throw new Error('boom in map'); return l }).print()\nssc.start()\nawait ssc.advance(2)\n'survived'")
        facts['throwing_function'] = {'status': reply['status'], 'errors': outputs_of(seen, 'error'), 'result': [r['data']['text/plain'] for r in outputs_of(seen, 'execute_result')]}
        reply, seen = run(kc, 'kept + sc.defaultParallelism * 0')
        facts['after_errors'] = outputs_of(seen, 'execute_result')[0]['data']['text/plain']
        # stop_on_error: a cell queued behind a failing one is aborted
        # (the failing cell waits a little first, so the second request is surely queued by then)
        first = kc.execute("await new Promise((r) => setTimeout(r, 500)); throw new Error('first fails')")
        second = kc.execute('kept')
        facts['stop_on_error'] = [reply_to(kc, first)['content']['status'], reply_to(kc, second)['content']['status']]
        msg_id = kc.history(hist_access_type='tail', n=2)
        facts['history'] = reply_to(kc, msg_id)['content']
        # last: the language service loads the kernel's types in its own thread from kernel start
        facts['inspect'] = reply_to(kc, kc.inspect('ssc.advance(', 12))['content']
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return facts


# The stop after an interrupted batch runs asynchronously (its output operation's listener starts
# it), and awaitTermination rejects at once with that batch's error, as Spark's does: so a cell
# that reads the state waits on the condition itself (bounded: 20 s).
WAIT_UNTIL_STOPPED = 'for (let i = 0; i < 400 && ssc.getState() === "ACTIVE"; i++) await new Promise((r) => setTimeout(r, 50))'


def interrupt_when_busy(km, kc, code):
    msg_id = kc.execute(code)
    while True:  # wait until the kernel runs it
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg['parent_header'].get('msg_id') == msg_id and msg['header']['msg_type'] == 'execute_input':
            break
    time.sleep(0.3)  # let the cell reach its loop; the interrupt is what is tested, not this timing
    beating = kc.hb_channel.is_beating()
    km.interrupt_kernel()
    presses = 1
    while True:
        try:
            msg = kc.get_shell_msg(timeout=20)
        except Exception:
            # the node test allows a second press only where it says so (see the report on this)
            presses += 1
            km.interrupt_kernel()
            continue
        if msg['parent_header'].get('msg_id') == msg_id:
            break
    reply = msg['content']
    return {'status': reply['status'], 'ename': reply.get('ename'), 'evalue': reply.get('evalue'), 'heartbeat_while_busy': beating, 'presses': presses}


def scenario_interrupt():
    km, kc = start()
    facts = {}
    try:
        run(kc, "const before = 'still here'")
        facts['message_mode_loop'] = interrupt_when_busy(km, kc, 'let spins = 0\nwhile (true) { spins++ }')
        facts['after_loop'] = outputs_of(run(kc, 'before + " " + (spins > 0)')[1], 'execute_result')[0]['data']['text/plain']
        facts['message_mode_await'] = interrupt_when_busy(km, kc, 'await new Promise(() => {})')
        km.kernel_spec.interrupt_mode = 'signal'
        facts['signal_mode_loop'] = interrupt_when_busy(km, kc, 'for (;;) {}')
        facts['after_signal'] = outputs_of(run(kc, 'before')[1], 'execute_result')[0]['data']['text/plain']
        run(kc, "%new 100ms\nlines.count().print()\nssc.start()")
        facts['stream_interrupt'] = interrupt_when_busy(km, kc, 'await ssc.awaitTermination()')
        facts['state_after'] = outputs_of(run(kc, WAIT_UNTIL_STOPPED + '\nssc.getState() + " " + sc.isStopped')[1], 'execute_result')[0]['data']['text/plain']
        # a user function looping forever inside a running batch blocks the kernel's thread:
        # the next cell cannot start until the Interrupt stops that batch
        run(kc, "%new 100ms\nlines.map((l: string) => { while (l.length >= 0) {} return l }).print()\nssc.start()")
        msg_id = kc.execute("await new Promise((r) => setTimeout(r, 300))\n'after the runaway batch'")
        started_while_stuck = False
        deadline = time.time() + 3
        while time.time() < deadline:
            try:
                msg = kc.get_iopub_msg(timeout=max(0.05, deadline - time.time()))
            except Exception:
                break
            if msg['parent_header'].get('msg_id') == msg_id and msg['header']['msg_type'] == 'execute_input':
                started_while_stuck = True
        km.interrupt_kernel()
        reply = reply_to(kc, msg_id)['content']
        facts['batch_runaway'] = {'started_while_stuck': started_while_stuck, 'status': reply['status']}
        facts['state_after_batch'] = outputs_of(run(kc, WAIT_UNTIL_STOPPED + '\nssc.getState() + " " + sc.isStopped + " " + before')[1], 'execute_result')[0]['data']['text/plain']
        # restart: a fresh kernel process, with sc and ssc ready and the old variables gone
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=TIMEOUT)
        facts['after_restart'] = outputs_of(run(kc, 'typeof before + " " + ssc.getState() + " " + sc.isStopped')[1], 'execute_result')[0]['data']['text/plain']
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    return facts


if __name__ == '__main__':
    facts = {'notebook': scenario_notebook, 'protocol': scenario_protocol, 'interrupt': scenario_interrupt}[sys.argv[1]]()
    print(json.dumps(facts))
