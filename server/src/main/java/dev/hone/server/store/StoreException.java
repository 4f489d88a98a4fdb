package dev.hone.server.store;

import dev.hone.engine.HoneException;

/** A failed storage action (SQL or blob I/O), wrapped at the store boundary with what was being done. */
public final class StoreException extends HoneException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
