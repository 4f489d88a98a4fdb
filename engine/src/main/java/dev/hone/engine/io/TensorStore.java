package dev.hone.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tensors of a Hugging Face model directory: either one {@code model.safetensors} or shards listed
 * by {@code model.safetensors.index.json} ({@code weight_map}: tensor name → shard file). Files are
 * memory-mapped and validated on open; values are converted to fp32 on request. Close to unmap.
 * Not a model loader: it knows nothing of architectures or expected names.
 */
public final class TensorStore implements AutoCloseable {
    /** The single-file weights name in a model directory. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The shard index name in a model directory. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byTensor;
    private final Map<String, String> metadata;

    private TensorStore(String source, List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor,
                        Map<String, String> metadata) {
        this.source = source;
        this.files = files;
        this.byTensor = byTensor;
        this.metadata = metadata;
    }

    /**
     * Opens a model directory ({@code model.safetensors.index.json} if present, else
     * {@code model.safetensors}) or, when {@code modelDir} is a file, that one safetensors file.
     *
     * @throws UnableToReadTensorsException naming the file when none is found or one is malformed
     */
    public static TensorStore open(Path modelDir) {
        if (Files.isRegularFile(modelDir)) {
            return openFile(modelDir);
        }
        Path index = modelDir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return openSharded(index);
        }
        Path single = modelDir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return openFile(single);
        }
        throw new UnableToReadTensorsException("Unable to read tensors from " + modelDir + ": expected "
                + SINGLE_FILE + " or " + INDEX_FILE + " in that directory, found neither. Point at a Hugging Face"
                + " model directory with safetensors weights (.bin/.pth checkpoints are not read)");
    }

    /** Opens one safetensors file (e.g. a PEFT {@code adapter_model.safetensors}). */
    public static TensorStore openFile(Path file) {
        SafetensorsFile f = SafetensorsFile.open(file);
        Map<String, SafetensorsFile> by = new LinkedHashMap<>();
        for (String name : new TreeSet<>(f.header().tensors().keySet())) {
            by.put(name, f);
        }
        return new TensorStore(file.toString(), List.of(f), by, f.header().metadata());
    }

    private static TensorStore openSharded(Path index) {
        Map<String, String> weightMap = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        readIndex(index, weightMap, metadata);
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
        try {
            for (String name : new TreeSet<>(weightMap.keySet())) {
                String shard = weightMap.get(name);
                SafetensorsFile f = shards.get(shard);
                if (f == null) {
                    f = SafetensorsFile.open(shardPath(index, name, shard));
                    shards.put(shard, f);
                }
                if (f.entry(name) == null) {
                    throw new UnableToReadTensorsException("Unable to read tensors from " + f.path() + ": "
                            + INDEX_FILE + " maps tensor '" + name + "' to this shard but its header has no such"
                            + " tensor (it has " + f.header().tensors().size() + "). The index and shards disagree;"
                            + " re-download the model");
                }
                byTensor.put(name, f);
            }
        } catch (RuntimeException e) {
            shards.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new TensorStore(index.toString(), new ArrayList<>(shards.values()), byTensor, metadata);
    }

    private static void readIndex(Path index, Map<String, String> weightMap, Map<String, String> metadata) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new UnableToReadTensorsException("Unable to read tensors from " + index + ": it is not valid"
                    + " JSON (" + e.getMessage() + "). Re-download the model", e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new UnableToReadTensorsException("Unable to read tensors from " + index + ": expected a"
                    + " non-empty \"weight_map\" object (tensor name → shard file), found " + map + ".");
        }
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            if (!e.getValue().isTextual()) {
                throw new UnableToReadTensorsException("Unable to read tensors from " + index + ": weight_map"
                        + " entry '" + e.getKey() + "' is " + e.getValue() + "; expected a shard file name.");
            }
            weightMap.put(e.getKey(), e.getValue().textValue());
        }
        JsonNode meta = root.get("metadata");
        if (meta != null && meta.isObject()) {
            meta.properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        }
    }

    private static Path shardPath(Path index, String tensor, String shard) {
        Path p = Path.of(shard);
        if (p.isAbsolute() || p.getNameCount() != 1 || shard.equals("..") || shard.equals(".")) {
            throw new UnableToReadTensorsException("Unable to read tensors from " + index + ": weight_map maps"
                    + " tensor '" + tensor + "' to '" + shard + "'; expected a file name inside the model directory.");
        }
        return index.resolveSibling(shard);
    }

    /** Every tensor name, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byTensor.keySet());
    }

    /** Whether a tensor of that name exists. */
    public boolean contains(String name) {
        return byTensor.containsKey(name);
    }

    /** String metadata: the file's {@code __metadata__}, or the shard index's {@code metadata}. */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /**
     * The tensor's dimensions, outermost first.
     *
     * @throws MissingTensorException naming the tensor when it is absent
     */
    public long[] shape(String name) {
        return entry(name).shape().clone();
    }

    /**
     * The tensor's storage type.
     *
     * @throws MissingTensorException       when it is absent
     * @throws UnableToReadTensorsException when it is stored in a type Hone does not convert (I64, U8...)
     */
    public DType dtype(String name) {
        return file(name).dtype(entry(name));
    }

    /**
     * The tensor converted to fp32 (row-major, a fresh array), checked to hold only finite values.
     *
     * @throws MissingTensorException       when it is absent
     * @throws UnableToReadTensorsException naming it when it holds NaN/infinity or cannot be converted
     */
    public float[] floats(String name) {
        return file(name).floats(entry(name));
    }

    /**
     * The tensor converted to fp32 after checking that its shape is {@code expectedShape}: what a
     * model loader calls for each weight it needs.
     *
     * @throws MissingTensorException       when it is absent
     * @throws UnableToReadTensorsException naming it, the expected and the found shape when they differ,
     *                                      or when it holds NaN/infinity or cannot be converted
     */
    public float[] floats(String name, long... expectedShape) {
        long[] shape = entry(name).shape();
        if (!Arrays.equals(shape, expectedShape)) {
            throw new UnableToReadTensorsException("Unable to read tensors from " + file(name).path() + ": tensor '"
                    + name + "' has shape " + Arrays.toString(shape) + "; expected " + Arrays.toString(expectedShape)
                    + " from config.json. The weights do not match the model configuration");
        }
        return floats(name);
    }

    /**
     * The tensor's raw little-endian bytes in its stored dtype: a read-only view, valid until
     * {@link #close()}. For callers that keep frozen weights in their stored precision.
     */
    public MemorySegment bytes(String name) {
        return file(name).data(entry(name));
    }

    private SafetensorsFile file(String name) {
        SafetensorsFile f = byTensor.get(name);
        if (f == null) {
            throw missing(name);
        }
        return f;
    }

    private TensorEntry entry(String name) {
        return file(name).entry(name);
    }

    private MissingTensorException missing(String name) {
        String near = null;
        int best = name.length() - name.lastIndexOf('.');
        for (String n : byTensor.keySet()) {
            int common = 0;
            while (common < Math.min(n.length(), name.length())
                    && n.charAt(n.length() - 1 - common) == name.charAt(name.length() - 1 - common)) {
                common++;
            }
            if (common > best) {
                best = common;
                near = n;
            }
        }
        return new MissingTensorException(name, "Unable to read tensors from " + source + ": tensor '" + name
                + "' is missing; expected it among the " + byTensor.size() + " tensors there"
                + (near == null ? "" : " (for example '" + near + "' is present)")
                + ". The checkpoint does not match the architecture in config.json.");
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
