package dev.magicfs.host.config;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's composer, except that the entries of the top-level {@code files:} mapping are handed to a
 * consumer as each is composed, and not kept. A mount of 100,000 files would otherwise hold 700,000 nodes
 * until the end of the document, and the collector would copy them again and again. The document is
 * composed as before in every other way: anchors, aliases and errors, with their positions.
 */
final class StreamingComposer extends Composer {
    private final Consumer<NodeTuple> fileEntries;
    /** How many mappings and sequences are being composed: 1 in the document's own mapping. */
    private int depth;
    private boolean filesKeySeen;
    /** While the value of the (first) top-level {@code files:} key is composed. */
    private boolean composingFiles;
    private MappingNode files;

    StreamingComposer(Parser parser, LoaderOptions options, Consumer<NodeTuple> fileEntries) {
        super(parser, new Resolver(), options);
        this.fileEntries = fileEntries;
    }

    /** The mapping whose entries went to the consumer (it holds none itself), or null if there was none. */
    MappingNode streamedFiles() {
        return files;
    }

    @Override
    protected Node composeMappingNode(String anchor) {
        return oneLevelDown(() -> super.composeMappingNode(anchor));
    }

    @Override
    protected Node composeSequenceNode(String anchor) {
        return oneLevelDown(() -> super.composeSequenceNode(anchor));
    }

    private Node oneLevelDown(Supplier<Node> compose) {
        depth++;
        try {
            return compose.get();
        } finally {
            depth--;
        }
    }

    @Override
    protected void composeMappingChildren(List<NodeTuple> children, MappingNode node) {
        if (depth == 1) {
            Node key = composeKeyNode(node);
            if (key.getTag().equals(Tag.MERGE)) {
                node.setMerged(true);
            }
            boolean isFiles = !filesKeySeen && key instanceof ScalarNode s && !NodeReader.isNull(s)
                    && s.getValue().equals(ConfigKeys.FILES);
            filesKeySeen |= isFiles;
            composingFiles = isFiles;
            Node value = composeValueNode(node);
            composingFiles = false;
            children.add(new NodeTuple(key, value));
        } else if (depth == 2 && composingFiles && (files == null || files == node)) {
            files = node;
            Node key = composeKeyNode(node);
            fileEntries.accept(new NodeTuple(key, composeValueNode(node)));
        } else {
            super.composeMappingChildren(children, node);
        }
    }
}
