package dev.hone.server.integrations.wandb;

/**
 * How far a W&amp;B run's history got: the last step W&amp;B accepted and the history line the next row goes
 * to. A resumed job hands it back to {@link WandbRun#start}, which skips steps up to {@code lastStep} and
 * writes from {@code nextOffset}; rows W&amp;B accepted after the cursor was saved are then written again at the
 * same lines with the same content (W&amp;B writes {@code file_stream} lines at their offset), never twice.
 *
 * @param lastStep   the last step W&amp;B accepted (0: none)
 * @param nextOffset the history line the next row is written to
 */
public record WandbCursor(long lastStep, long nextOffset) {
    /** A run that has sent nothing yet. */
    public static final WandbCursor START = new WandbCursor(0, 0);

    public WandbCursor {
        if (lastStep < 0 || nextOffset < 0) {
            throw new IllegalArgumentException("Invalid W&B cursor: step " + lastStep + ", offset " + nextOffset
                    + "; expected both >= 0.");
        }
    }
}
