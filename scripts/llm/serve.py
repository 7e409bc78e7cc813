"""llama.cpp's OpenAI-compatible server (embedded in the PyPI package xllamacpp) on loopback.

usage: python serve.py MODEL.gguf PORT ALIAS [THREADS]
Serves /v1/chat/completions (with response_format json_schema), /v1/models and /health until
SIGTERM or SIGINT. Used by the test harness and `npm run bench:analysis`.
"""
import signal
import sys

import xllamacpp as x

model, port, alias = sys.argv[1], int(sys.argv[2]), sys.argv[3]
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2

params = x.CommonParams()
params.model.path = model
params.model_alias = {alias}
params.hostnames = ["127.0.0.1"]
params.port = port
params.n_ctx = 4096
params.n_parallel = 1
params.cpuparams.n_threads = threads
params.cpuparams_batch.n_threads = threads
params.use_jinja = True  # the chat template embedded in the GGUF
params.offline = True  # never reach for a model hub

server = x.Server(params)  # returns once the model is loaded and the HTTP threads run
print("listening on", server.listening_address, flush=True)
signal.sigwait({signal.SIGINT, signal.SIGTERM})
