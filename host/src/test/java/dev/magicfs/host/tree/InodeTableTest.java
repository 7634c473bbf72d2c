package dev.magicfs.host.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.magicfs.api.CachePolicy;
import dev.magicfs.api.Node;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InodeTableTest {
    final CachePolicy policy = new CachePolicy(Duration.ofSeconds(1), false, false);
    final InodeTable table = new InodeTable(new StaticDirectory(), policy);

    @Test
    void pinnedInodesAreNumberedInOrderAndSurviveForget() {
        Inode a = table.addPinned(table.root(), "a", new Node() {}, 0444, policy);
        Inode b = table.addPinned(table.root(), "b", new Node() {}, 0444, policy);
        assertEquals(2, a.number());
        assertEquals(3, b.number());
        table.lookedUp(table.root(), "a", a.node());
        table.forget(a.number(), 1);
        assertSame(a, table.get(2));
    }

    @Test
    void aLookedUpChildLivesUntilTheKernelForgetsEveryLookup() {
        Node child = new Node() {};
        Inode first = table.lookedUp(table.root(), "row-1", child);
        Inode again = table.lookedUp(table.root(), "row-1", child);
        assertSame(first, again);
        table.forget(first.number(), 1);
        assertSame(first, table.get(first.number()));
        table.forget(first.number(), 1);
        assertNull(table.get(first.number()));
        assertNull(table.known(table.root(), "row-1"));
    }

    @Test
    void aNameKeepsItsInodeWhenItsNodeChangesButNotWhenItBecomesADirectory() {
        Node changedRow = new Node() {};
        Inode first = table.lookedUp(table.root(), "row", new Node() {});
        Inode second = table.lookedUp(table.root(), "row", changedRow);
        assertSame(first, second);
        assertSame(changedRow, second.node(), "the inode answers with the row as it is now");
        Inode third = table.lookedUp(table.root(), "row", new StaticDirectory());
        assertNotEquals(first.number(), third.number());
    }
}
