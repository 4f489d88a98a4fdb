package dev.hone.server.integrations.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A {@link WandbCursor} kept in a small JSON file of the job's directory ({@code {"last_step": n,
 * "next_offset": m}}), written to a temporary name and renamed, so a crash leaves the old or the new cursor,
 * never half of one. A missing or unreadable file reads as {@link WandbCursor#START}.
 */
final class WandbCursorFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WandbCursorFile() {
    }

    static WandbCursor read(Path file) {
        try {
            JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            return new WandbCursor(n.path("last_step").asLong(0), n.path("next_offset").asLong(0));
        } catch (NoSuchFileException e) {
            return WandbCursor.START;
        } catch (IOException | IllegalArgumentException e) {
            System.getLogger("hone.wandb").log(System.Logger.Level.WARNING, "Unreadable W&B cursor " + file + " ("
                    + e.getMessage() + "); the run's history is written again from its first line.");
            return WandbCursor.START;
        }
    }

    /** Writes {@code c}; an I/O failure is returned as a message (the cursor is an optimisation, not data). */
    static String write(Path file, WandbCursor c) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, "{\"last_step\":" + c.lastStep() + ",\"next_offset\":" + c.nextOffset() + "}\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (IOException e) {
            return "Cannot save the W&B cursor " + file + ": " + e.getMessage();
        }
    }
}
