#!/usr/bin/env bash
# Rebuilds hone-tiny from scratch: public-domain text from Debian packages -> byte-level BPE tokenizer ->
# random Llama-architecture model -> next-token pretraining with a fixed seed -> bf16 safetensors here.
# Usage: models/hone-tiny/build.sh            (the committed settings; STEPS=N etc. override them)
#        STOP_AFTER=20 WORK=dir models/hone-tiny/build.sh   (the same run cut after 20 steps: dir/train_log.jsonl
#        only, nothing written to OUT; HoneTinyReproductionTest compares it with the committed train_log.jsonl)
# Needs root (or the packages already installed) for apt-get, and the repository's ./hone launcher.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
out=${OUT:-$here}
hone=${HONE:-$root/hone}
STEPS=${STEPS:-240}
BATCH=${BATCH:-8}
SEQ=${SEQ:-512}
LR=${LR:-2e-3}
SEED=${SEED:-42}
VOCAB=${VOCAB:-4096}
HIDDEN=${HIDDEN:-256}
LAYERS=${LAYERS:-4}
HEADS=${HEADS:-8}
KV_HEADS=${KV_HEADS:-4}
FF=${FF:-768}
STOP_AFTER=${STOP_AFTER:-}
# The kernel backend the committed model was trained with (-Dhone.kernels): another backend sums in another
# order, so its losses differ in the last bits from train_log.jsonl.
KERNELS=${KERNELS:-vector}
export HONE_JAVA_OPTS="-Dhone.kernels=$KERNELS ${HONE_JAVA_OPTS:-}"

# 1. Text: the King James Version of the Bible (1611, public domain) from Debian's bible-kjv-text, read
#    through its bible-kjv reader. Verse numbers are dropped; book and chapter headings stay.
if ! command -v bible >/dev/null; then
  apt-get install -y bible-kjv >/dev/null
fi
bible -l1000 "gen1:1-rev22:21" | sed -E 's/^ +[0-9]+ //' > "$work/kjv.txt"
sha256sum "$work/kjv.txt" | cut -d' ' -f1 > "$work/kjv.sha256"

# 2. Tokenizer: byte-level BPE with the ChatML special tokens and chat template.
"$hone" tokenizer train --input "$work/kjv.txt" --vocab "$VOCAB" --out "$work/tokenizer"

# 3. Random Llama-architecture model with that tokenizer (weights seeded).
"$hone" model init --arch llama --layers "$LAYERS" --hidden "$HIDDEN" --heads "$HEADS" \
  --kv-heads "$KV_HEADS" --intermediate "$FF" --vocab "$VOCAB" --context 512 --seed "$SEED" \
  --tokenizer "$work/tokenizer" --out "$work/init"

# 4. Pretraining: every token a target, windows of SEQ tokens, fixed seed; one JSON line per step.
"$hone" pretrain --model "$work/init" --text "$work/kjv.txt" --steps "$STEPS" --batch-size "$BATCH" \
  --seq-len "$SEQ" --learning-rate "$LR" --seed "$SEED" --log-json --work "$work/pretrain" \
  ${STOP_AFTER:+--stop-after "$STOP_AFTER"} --out "$work/model" | tee "$work/train_log.jsonl"
if [ -n "$STOP_AFTER" ]; then
  echo "stopped after $STOP_AFTER steps; kjv.txt sha256 $(cat "$work/kjv.sha256"); nothing written to $out"
  [ -n "${WORK:-}" ] || rm -rf "$work"
  exit 0
fi
mkdir -p "$out"
for f in config.json model.safetensors tokenizer.json tokenizer_config.json; do
  cp "$work/model/$f" "$out/$f"
done
cp "$work/train_log.jsonl" "$out/train_log.jsonl"
echo "kjv.txt sha256 $(cat "$work/kjv.sha256")"
# Loss curve summary (the model card quotes it): loss at a few steps and the mean of the last 10.
awk -F'"loss":' '{ split($2, a, ","); n++; loss[n] = a[1] }
  END { for (i = 1; i <= n; i++) if (i == 1 || i == 10 || i % 40 == 0 || i == n) printf "step %4d  loss %.4f\n", i, loss[i];
        s = 0; k = (n < 10 ? n : 10); for (i = n - k + 1; i <= n; i++) s += loss[i];
        printf "mean of the last %d steps: %.4f\n", k, s / k }' "$out/train_log.jsonl"
[ -n "${WORK:-}" ] || rm -rf "$work"
