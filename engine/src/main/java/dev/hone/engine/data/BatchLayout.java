package dev.hone.engine.data;

/** How examples are placed into the fixed (B, T) rows of a micro-batch. */
public enum BatchLayout {
    /**
     * Several examples share a row, back to back in data order (next-fit: a row is closed when the next
     * example does not fit). Positions restart at 0 and each example gets its own segment id, so no
     * token attends across examples. Wastes little compute on padding.
     */
    PACK,
    /** One example per row, the rest of the row padding. Simple; wasteful when lengths vary. */
    PAD
}
