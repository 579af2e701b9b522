package io.github.skyremote.maven;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The plugin descriptor maven-plugin-plugin generated from the {@code @Parameter} annotations
 * ({@code META-INF/maven/plugin.xml}, phase process-classes): what Maven itself reads to inject parameters, so tests
 * check the code against it rather than against a list of their own.
 */
final class PluginDescriptor {
    /**
     * A parameter a user can set.
     *
     * @param name the field (and POM element)
     * @param type the field's type as the descriptor writes it ({@code boolean}, {@code java.io.File}, ...)
     * @param property the user property of its {@code ${...}} expression, or null when it has none
     */
    record Parameter(String name, String type, String property) {
    }

    /** A goal: its Mojo class and its editable parameters (read-only ones such as {@code ${session}} left out). */
    record Goal(String name, String implementation, List<Parameter> parameters) {
        Optional<Parameter> parameter(String name) {
            return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
        }
    }

    private PluginDescriptor() {
    }

    /** goal -> Goal, without maven-plugin-plugin's generated {@code help}. */
    static Map<String, Goal> goals() throws Exception {
        try (InputStream in = PluginDescriptor.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/maven/plugin.xml is missing: run the build to"
                        + " process-classes (maven-plugin-plugin:descriptor)");
            }
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            Map<String, Goal> goals = new TreeMap<>();
            NodeList mojos = doc.getElementsByTagName("mojo");
            for (int i = 0; i < mojos.getLength(); i++) {
                Element mojo = (Element) mojos.item(i);
                String goal = child(mojo, "goal").getTextContent();
                if (goal.equals("help")) {
                    continue;
                }
                Element configuration = child(mojo, "configuration");
                List<Parameter> parameters = new ArrayList<>();
                NodeList list = child(mojo, "parameters").getElementsByTagName("parameter");
                for (int j = 0; j < list.getLength(); j++) {
                    Element parameter = (Element) list.item(j);
                    if ("false".equals(child(parameter, "editable").getTextContent())) {
                        continue;
                    }
                    String name = child(parameter, "name").getTextContent();
                    Element expression = configuration == null ? null : child(configuration, name);
                    String text = expression == null ? "" : expression.getTextContent();
                    String property = text.startsWith("${") && text.endsWith("}")
                            ? text.substring(2, text.length() - 1) : null;
                    parameters.add(new Parameter(name, child(parameter, "type").getTextContent(), property));
                }
                goals.put(goal, new Goal(goal, child(mojo, "implementation").getTextContent(),
                        List.copyOf(parameters)));
            }
            return goals;
        }
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
