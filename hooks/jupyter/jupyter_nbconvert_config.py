"""Settings for the lab kernels; nbconvert (inside mkdocs-jupyter) reads this file
for every lab it runs (``hooks/notebooks.py`` puts this folder on JUPYTER_CONFIG_PATH).

Kernels talk to the build over local IPC sockets (files) rather than
unencrypted TCP. The sockets' path prefix must be unique to the process that
runs the lab: jupyter_client's default, ``kernel-ipc`` in the working
directory, is the same for every kernel, so two kernels started at once (labs
executed in parallel, or two builds of one checkout) bind each other's sockets
and log "Invalid Signature" and ZMQStream errors, or wait for a reply forever.
One process runs its labs one after another, so its pid is enough.
"""

import os
import tempfile

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.KernelManager.transport = "ipc"
c.KernelManager.ip = os.path.join(tempfile.gettempdir(), f"dl-notes-{os.getpid()}-kernel-ipc")
