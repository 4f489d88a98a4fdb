package dev.hone.engine.optim;

/**
 * One parameter tensor as the optimizer sees it: its values, its gradient (same length) and whether
 * weight decay applies to it (trainers usually exempt biases and norm gains).
 *
 * @param name  unique name, used as the key of the saved optimizer state
 * @param data  parameter values, updated in place; not copied
 * @param grad  gradient of the loss, read by {@link AdamW#step}; same length as data
 * @param decay whether decoupled weight decay applies
 */
public record TrainableTensor(String name, float[] data, float[] grad, boolean decay) {
    public TrainableTensor {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("parameter name must be non-empty");
        }
        if (data == null || grad == null || data.length != grad.length) {
            throw new IllegalArgumentException("parameter '" + name + "': data and grad must be non-null and of"
                    + " equal length, found " + (data == null ? "null" : data.length) + " and "
                    + (grad == null ? "null" : grad.length));
        }
    }
}
