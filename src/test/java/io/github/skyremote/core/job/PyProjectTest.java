package io.github.skyremote.core.job;

import io.github.skyremote.core.BadInputException;
import io.github.skyremote.core.IsolatedClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyProjectTest {
    static final String FULL = String.join("\n",
            "[project]",
            "name = \"lynx\"",
            "version = \"0.1.0\"",
            "dependencies = [\"numpy\"]",
            "",
            "[project.optional-dependencies]",
            "gpu = [\"jax[cuda12]\"]",
            "tpu = [\"jax[tpu]\"]",
            "",
            "[dependency-groups]",
            "dev = [\"pytest>=8\"]",
            "lint = [\"ruff\"]",
            "");

    @TempDir
    Path dir;

    private PyProject load(String toml) throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), toml);
        return PyProject.load(dir);
    }

    @Test
    void readsExtrasAndGroupsInOrder() throws Exception {
        PyProject project = load(FULL);
        assertEquals(List.of("gpu", "tpu"), List.copyOf(project.extras()));
        assertEquals(List.of("dev", "lint"), List.copyOf(project.groups()));
        assertEquals(dir.resolve("pyproject.toml"), project.file());
    }

    @Test
    void readsInlineTablesAndQuotedKeys() throws Exception {
        PyProject project = load(String.join("\n",
                "[project]",
                "name = \"x\"",
                "optional-dependencies = { \"gpu-cuda12\" = [\"jax\"], tpu = [] }",
                "[dependency-groups]",
                "\"test.unit\" = [\"pytest\"]",
                ""));
        assertEquals(List.of("gpu-cuda12", "tpu"), List.copyOf(project.extras()));
        assertEquals(List.of("test.unit"), List.copyOf(project.groups()));
    }

    @Test
    void requireExtraAcceptsDeclaredExtras() throws Exception {
        PyProject project = load(FULL);
        project.requireExtra("gpu");
        project.requireExtra("tpu");
    }

    @Test
    void namesAreComparedAsUvComparesThem() throws Exception {
        // uv normalises extra and group names (PEP 685): `uv run --extra tpu-extra --group dev.group` runs
        // against TPU_extra and Dev_Group, so the pre-flight must not refuse it.
        PyProject project = load("[project]\nname = \"x\"\n[project.optional-dependencies]\nTPU_extra = []\n"
                + "GPU = []\n[dependency-groups]\nDev_Group = []\nDEV = []\n");
        project.requireExtra("tpu-extra");
        project.requireExtra("tpu.extra");
        project.requireExtra("gpu");
        assertEquals(List.of("dev.group"), project.resolveGroups(List.of("dev.group"), List.of("dev")));
        assertEquals(List.of("dev"), project.resolveGroups(null, List.of("dev")));
        assertThrows(BadInputException.class, () -> project.requireExtra("tpuextra"));
        assertEquals("x-y-z", PyProject.normalize("X__y.-Z"));
    }

    @Test
    void missingExtraNamesTheFileAndListsDeclaredExtras() throws Exception {
        PyProject project = load(FULL);
        BadInputException e = assertThrows(BadInputException.class, () -> project.requireExtra("cuda"));
        assertEquals("Extra 'cuda' is not defined in " + dir.resolve("pyproject.toml")
                + " [project.optional-dependencies] (declared: gpu, tpu).", e.getMessage());
        assertTrue(e.fix().toString().contains("{extra=<name>}"), e.fix().toString());
    }

    @Test
    void missingExtraWithoutAnyDeclaredSaysNone() throws Exception {
        PyProject project = load("[project]\nname = \"x\"\n");
        BadInputException e = assertThrows(BadInputException.class, () -> project.requireExtra("gpu"));
        assertTrue(e.getMessage().contains("(declared: none)"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("pyproject.toml").toString()), e.getMessage());
    }

    @Test
    void defaultGroupIsKeptWhenDeclared() throws Exception {
        assertEquals(List.of("dev"), load(FULL).resolveGroups(null, List.of("dev")));
    }

    @Test
    void defaultGroupIsDroppedWhenUndeclared() throws Exception {
        PyProject project = load("[project]\nname = \"x\"\n[project.optional-dependencies]\ngpu = []\n");
        assertEquals(List.of(), project.resolveGroups(null, List.of("dev")));
        PyProject other = load("[project]\nname = \"x\"\n[dependency-groups]\nlint = [\"ruff\"]\n");
        assertEquals(List.of(), other.resolveGroups(null, List.of("dev")));
    }

    @Test
    void explicitGroupsAreKeptInOrder() throws Exception {
        PyProject project = load(FULL);
        assertEquals(List.of("lint", "dev"), project.resolveGroups(List.of("lint", "dev"), List.of("dev")));
        assertEquals(List.of(), project.resolveGroups(List.of(), List.of("dev")));
    }

    @Test
    void explicitMissingGroupIsAnError() throws Exception {
        PyProject project = load(FULL);
        BadInputException e = assertThrows(BadInputException.class,
                () -> project.resolveGroups(List.of("dev", "docs"), List.of("dev")));
        assertEquals("Dependency group 'docs' is not defined in " + dir.resolve("pyproject.toml")
                + " [dependency-groups] (declared: dev, lint).", e.getMessage());
        assertTrue(e.fix().toString().contains("{groups}"), e.fix().toString());
    }

    @Test
    void missingPyprojectIsAnError() {
        BadInputException e = assertThrows(BadInputException.class, () -> PyProject.load(dir));
        assertTrue(e.getMessage().startsWith("No pyproject.toml in " + dir), e.getMessage());
        assertTrue(e.fix().toString().contains("{workdir}"), e.fix().toString());
    }

    @Test
    void pyprojectThatIsADirectoryIsAnError() throws Exception {
        Files.createDirectory(dir.resolve("pyproject.toml"));
        BadInputException e = assertThrows(BadInputException.class, () -> PyProject.load(dir));
        assertTrue(e.getMessage().startsWith("No pyproject.toml in "), e.getMessage());
    }

    @Test
    void invalidTomlIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), "[project\nname = \n");
        BadInputException e = assertThrows(BadInputException.class, () -> PyProject.load(dir));
        assertTrue(e.getMessage().startsWith("Cannot parse " + dir.resolve("pyproject.toml") + ": "), e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line: " + e.getMessage());
        assertTrue(e.fix().toString().contains("TOML"), e.fix().toString());
    }

    @Test
    void duplicateKeysAreInvalidToml() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), "[project]\nname = \"a\"\nname = \"b\"\n");
        assertThrows(BadInputException.class, () -> PyProject.load(dir));
    }

    @Test
    void otherTablesAndValuesThatAreNoTablesAreSkipped() throws Exception {
        PyProject project = load(String.join("\n",
                "[build-system]",
                "requires = [\"hatchling\"]",
                "[project]",
                "name = \"x\"",
                "authors = [{ name = \"A\", email = \"a@example.com\" }]",
                "urls = { Home = \"https://example.com\" }",
                "optional-dependencies = { gpu = [\"jax\", { x = 1 }], tpu = [] }",
                "scripts = { run = \"x:main\" }",
                "[[tool.uv.index]]",
                "name = \"pytorch\"",
                "[[tool.uv.index]]",
                "name = \"other\"",
                "[tool.uv.sources]",
                "torch = [{ index = \"pytorch\" }]",
                "[dependency-groups]",
                "dev = [\"pytest\", { include-group = \"lint\" }]",
                "lint = [\"ruff\"]",
                "[tool.other]",
                "dependency-groups = { not-this = [] }",
                ""));
        assertEquals(List.of("gpu", "tpu"), List.copyOf(project.extras()));
        assertEquals(List.of("dev", "lint"), List.copyOf(project.groups()));

        PyProject odd = load("project = \"not a table\"\ndependency-groups = [\"not\", \"a table\"]\n");
        assertEquals(Set.of(), odd.extras());
        assertEquals(Set.of(), odd.groups());
        PyProject oddExtras = load("[project]\noptional-dependencies = \"no table\"\nname = \"x\"\n");
        assertEquals(Set.of(), oddExtras.extras());
    }

    /** Issue 15: every remote:exec reads pyproject.toml; Jackson's data binding must not load for it (memory). */
    @Test
    void readingLoadsNoObjectMapper() throws Exception {
        Files.writeString(dir.resolve("pyproject.toml"), FULL);
        try (IsolatedClasses classes = new IsolatedClasses()) {
            Object project = classes.loadClass(PyProject.class.getName()).getMethod("load", Path.class)
                    .invoke(null, dir);
            assertEquals(Set.of("gpu", "tpu"), project.getClass().getMethod("extras").invoke(project));
            assertTrue(classes.loaded("com.fasterxml.jackson.dataformat.toml.TomlFactory"), "the TOML module reads it");
            assertFalse(classes.loaded("com.fasterxml.jackson.databind.ObjectMapper"), "ObjectMapper loaded");
        }
    }
}
