package io.github.skyremote.core.cluster;

import io.github.skyremote.core.Action;
import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.Message;
import io.github.skyremote.core.Setting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders the SkyPilot task YAML that {@code remote:provision} launches, with a YAML library rather than text
 * substitution, optionally on top of the user's own task file.
 */
public final class TaskYaml {
    /** Installs uv when the image lacks it; the job's {@code uv run} needs it, and the skill assumed it. */
    public static final String DEFAULT_SETUP = String.join("\n",
            "# Added by remote-maven-plugin: jobs run with `uv run`, so make sure uv is there.",
            "if ! command -v uv >/dev/null 2>&1 && [ ! -x \"$HOME/.local/bin/uv\" ]; then",
            "  curl -LsSf https://astral.sh/uv/install.sh | sh || python3 -m pip install --user uv",
            "fi",
            "grep -q '.local/bin' ~/.bashrc 2>/dev/null || echo 'export PATH=\"$HOME/.local/bin:$PATH\"' >> ~/.bashrc",
            "");

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private TaskYaml() {
    }

    /**
     * What goes into the task.
     *
     * @param infra e.g. {@code gcp} or {@code aws/us-east-1}; null to let SkyPilot choose
     * @param numNodes null for SkyPilot's default (1)
     * @param setup null for the task file's setup, or {@link #DEFAULT_SETUP} when it has none
     * @param taskFile the user's SkyPilot YAML to start from; null for none
     * @param tpuRuntimeVersion only for TPUs, and only when set (SkyPilot picks one per TPU generation)
     */
    public record Spec(Device device, Accelerator accelerator, boolean useSpot, String infra, Integer numNodes,
            String setup, Path taskFile, String tpuRuntimeVersion) {
    }

    public static String render(Spec spec) throws BadInputException {
        ObjectNode task = spec.taskFile() == null ? JsonNodeFactory.instance.objectNode() : readBase(spec.taskFile());
        ObjectNode resources = task.has("resources") && task.get("resources").isObject()
                ? (ObjectNode) task.get("resources") : task.putObject("resources");
        resources.put("accelerators", spec.accelerator().toString());
        resources.put("use_spot", spec.useSpot());
        if (spec.infra() != null && !spec.infra().isBlank()) {
            resources.put("infra", spec.infra().trim());
        }
        if (spec.device() == Device.TPU) {
            ObjectNode args = resources.has("accelerator_args") && resources.get("accelerator_args").isObject()
                    ? (ObjectNode) resources.get("accelerator_args") : resources.putObject("accelerator_args");
            args.put("tpu_vm", true);
            if (spec.tpuRuntimeVersion() != null && !spec.tpuRuntimeVersion().isBlank()) {
                args.put("runtime_version", spec.tpuRuntimeVersion().trim());
            }
        }
        if (spec.numNodes() != null) {
            task.put("num_nodes", spec.numNodes());
        }
        if (spec.setup() != null && !spec.setup().isBlank()) {
            task.put("setup", spec.setup().endsWith("\n") ? spec.setup() : spec.setup() + "\n");
        } else if (!task.hasNonNull("setup")) {
            task.put("setup", DEFAULT_SETUP);
        }
        try {
            return YAML.writeValueAsString(task);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot render the task YAML", e);
        }
    }

    private static ObjectNode readBase(Path taskFile) throws BadInputException {
        if (!Files.isRegularFile(taskFile)) {
            throw new BadInputException(Message.of("The task file " + taskFile + " (", Setting.TASK_FILE.named(),
                    ") does not exist."), Message.of("Set ", Setting.TASK_FILE.option(),
                            " to your SkyPilot task YAML, or leave it out."));
        }
        JsonNode base;
        try {
            base = YAML.readTree(taskFile.toFile());
        } catch (IOException e) {
            throw new BadInputException("Cannot parse the task file " + taskFile + ": " + e.getMessage(),
                    "Fix its YAML; check it with: sky launch --dryrun " + taskFile, e);
        }
        if (base == null || base.isMissingNode() || base.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!base.isObject()) {
            throw new BadInputException(Message.of("The task file " + taskFile + " is not a YAML mapping (one task)."),
                    Message.of(Action.PROVISION.named(), " takes a single-task YAML with resources/setup keys."));
        }
        return (ObjectNode) base;
    }
}
