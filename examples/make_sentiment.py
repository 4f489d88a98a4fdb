#!/usr/bin/env python3
"""Writes the quickstart's sentiment data: examples/sentiment_train.jsonl and sentiment_valid.jsonl.

Short review sentences built from templates and word lists, each labelled `positive` or `negative` by the
adjective it carries; the assistant answers with that one word. Deterministic (fixed seed, fixed lists):
rerunning it rewrites the same bytes. Every sentence (template, noun, adjective) appears at most once, so no
validation sentence is in the training set: the score measures the learned task, not memorised lines.
(Templates held out entirely were tried first: hone-tiny then stayed at chance after 300 steps.) Not a benchmark: a task small enough
for hone-tiny to learn in a minute or two on two CPU cores.

Usage: python3 examples/make_sentiment.py [OUT_DIR]   (default: the directory of this script)
"""
import json
import os
import random
import sys

SYSTEM = "Classify the sentiment of the review. Answer with one word: positive or negative."
# Words hone-tiny saw in pretraining (the King James Bible), so each is one or two of its tokens.
NOUNS = ["bread", "wine", "house", "city", "field", "garden", "land", "tent", "road", "feast",
         "river", "song", "word", "gift", "fruit", "water", "lamp", "robe", "harvest", "journey"]
POSITIVE = ["good", "pleasant", "sweet", "glad", "joyful", "precious", "beautiful", "excellent"]
NEGATIVE = ["evil", "wicked", "bitter", "vile", "grievous", "foul", "wretched", "terrible"]
TEMPLATES = ["The {n} was {a}.", "This {n} is {a}.", "What a {a} {n}!", "Our {n} was really {a}.",
             "I found the {n} {a}.", "Honestly, the {n} is {a}.", "My {n} was {a}.", "That {n} seemed {a} to me.",
             "Such a {a} {n}.", "The {n} is so {a}."]
TRAIN_COUNT = 200
VALID_COUNT = 40
SEED = 7


def example(template, noun, adjective):
    label = "positive" if adjective in POSITIVE else "negative"
    text = template.format(n=noun, a=adjective)
    return {"messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text},
                         {"role": "assistant", "content": label}]}


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    combos = [(t, n, a) for t in TEMPLATES for n in NOUNS for a in POSITIVE + NEGATIVE]
    random.Random(SEED).shuffle(combos)
    valid = [example(*c) for c in combos[:VALID_COUNT]]
    train = [example(*c) for c in combos[VALID_COUNT:VALID_COUNT + TRAIN_COUNT]]
    write(os.path.join(out, "sentiment_train.jsonl"), train)
    write(os.path.join(out, "sentiment_valid.jsonl"), valid)


if __name__ == "__main__":
    main()
