package dev.hone.server.runner;

import dev.hone.server.store.Ids;

/**
 * Names of a job's fine-tuned model and checkpoints (reference §2.5): {@code ft:{base}:{org}:{suffix}:{id8}}
 * and {@code ft:{base}:{org}:{suffix}:{id8'}:ckpt-step-N}. The model's {@code id8} comes from the job id, so
 * a resumed or recovered job names its model the same; each checkpoint gets its own random {@code id8'}.
 *
 * @param base   the base snapshot ({@code ft:} bases give their own base)
 * @param org    the organization id without its {@code org-} prefix
 * @param suffix the user's suffix, empty when none
 * @param id8    8 alphanumerics from the job id
 */
record ModelNames(String base, String org, String suffix, String id8) {
    static ModelNames of(String model, String org, String suffix, String jobId) {
        String slug = org.startsWith("org-") ? org.substring(4) : org;
        String random = jobId.substring(jobId.indexOf('-') + 1);
        return new ModelNames(BaseModels.rootName(model), slug, suffix == null ? "" : suffix,
                random.substring(0, Math.min(8, random.length())));
    }

    String finalModel() {
        return "ft:" + base + ":" + org + ":" + suffix + ":" + id8;
    }

    String checkpoint(long step) {
        return "ft:" + base + ":" + org + ":" + suffix + ":" + Ids.random(8) + ":ckpt-step-" + step;
    }
}
