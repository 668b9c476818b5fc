"""The README's picture of a live display: runs a small notebook on Eddy's kernel with
nbclient, exports it to HTML with nbconvert, and has headless Chromium draw it.

  npx eddy kernel install && pip install nbclient==0.11.0 nbconvert==7.16.6
  python3 scripts/jupyter/liveDisplayScreenshot.py repl/jupyter/live-display.png
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

CELLS = [
    '%new 200ms',
    "const words = lines.flatMap((l: string) => l.split(' '))\nconst counts = words.countByValueAndWindow(Seconds(1), Milliseconds(200))\ncounts.display({ k: 6, title: 'word counts, 1 s window' })\nssc.start()",
    """await new Promise<void>((resolve) => { let n = 0; const off = ssc.bus.on('batch.completed', () => { if (++n >= 12) { off(); resolve() } }) })""",
]

out = Path(sys.argv[1]).resolve()
nb = nbformat.v4.new_notebook()
nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
NotebookClient(nb, timeout=120, kernel_name='eddy').execute()
nb.cells = nb.cells[1:2]  # the cell with the live display, as it stood after 12 batches
html, _ = HTMLExporter(template_name='lab').from_notebook_node(nb)
with tempfile.TemporaryDirectory() as tmp:
    page = Path(tmp) / 'notebook.html'
    page.write_text(html)
    subprocess.run(['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', f'--screenshot={out}', '--window-size=820,350', page.as_uri()], check=True, capture_output=True)
print(out)
