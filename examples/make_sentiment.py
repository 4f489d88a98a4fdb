#!/usr/bin/env python3
"""Writes the quickstart's sentiment data: examples/sentiment_train.jsonl and sentiment_valid.jsonl.

Short review sentences built from templates and word lists, each labelled `positive` or `negative` by the
adjective it carries; the assistant answers with that one word. Deterministic (fixed seed, sorted lists):
rerunning it rewrites the same bytes. The validation set uses templates the training set never shows, so
the score measures the learned task rather than memorised sentences. Not a benchmark: a task small enough
for hone-tiny to learn in a minute or two on two CPU cores.

Usage: python3 examples/make_sentiment.py [OUT_DIR]   (default: the directory of this script)
"""
import json
import os
import random
import sys

SYSTEM = "Classify the sentiment of the review. Answer with one word: positive or negative."
NOUNS = ["food", "service", "room", "film", "book", "phone", "hotel", "coffee", "staff", "music",
         "show", "car", "game", "bread", "shoes", "camera", "chair", "garden", "lesson", "trip"]
POSITIVE = ["great", "wonderful", "excellent", "lovely", "perfect", "amazing", "delightful", "superb"]
NEGATIVE = ["terrible", "awful", "horrible", "dreadful", "bad", "poor", "disappointing", "broken"]
TRAIN_TEMPLATES = ["The {n} was {a}.", "This {n} is {a}.", "What a {a} {n}!", "Our {n} was really {a}.",
                   "I found the {n} {a}.", "Honestly, the {n} is {a}."]
VALID_TEMPLATES = ["My {n} was {a}.", "That {n} seemed {a} to me.", "Such a {a} {n}."]
TRAIN_COUNT = 200
VALID_COUNT = 40
SEED = 7


def example(rng, templates):
    label = rng.choice(["positive", "negative"])
    adjective = rng.choice(POSITIVE if label == "positive" else NEGATIVE)
    text = rng.choice(templates).format(n=rng.choice(NOUNS), a=adjective)
    return {"messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": text},
                         {"role": "assistant", "content": label}]}


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(SEED)
    write(os.path.join(out, "sentiment_train.jsonl"), [example(rng, TRAIN_TEMPLATES) for _ in range(TRAIN_COUNT)])
    write(os.path.join(out, "sentiment_valid.jsonl"), [example(rng, VALID_TEMPLATES) for _ in range(VALID_COUNT)])


if __name__ == "__main__":
    main()
