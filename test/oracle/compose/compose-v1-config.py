"""Reads Compose projects the way `docker-compose config` (Debian's Compose v1) does, many per process.

One JSON request per stdin line: {"dir": ..., "file": ..., "envFile": ... or null}. One JSON answer
per stdout line: {"config": <what `docker-compose config` prints, parsed>} or {"error": "..."}.
The same two calls as the CLI's `config` command (compose/cli/main.py): get_config_from_options,
then serialize_config. Starting Python once instead of once per case keeps the tier fast.
"""
import json
import logging
import os
import sys

import yaml
from compose.cli.command import get_config_from_options
from compose.config.serialize import serialize_config

logging.disable(logging.CRITICAL)
# The shell environment wins over .env in Compose: the cases must see only their env files.
os.environ.clear()

for line in sys.stdin:
    request = json.loads(line)
    os.chdir(request["dir"])
    options = {"--file": [request["file"]], "--env-file": request.get("envFile")}
    try:
        config = get_config_from_options(".", options, {})
        answer = {"config": yaml.safe_load(serialize_config(config, None, True))}
    except Exception as error:  # every refusal of v1 is an answer, not a crash of the driver
        answer = {"error": "%s: %s" % (type(error).__name__, error)}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
