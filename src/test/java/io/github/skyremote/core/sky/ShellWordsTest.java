package io.github.skyremote.core.sky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void emptySingleQuotesAreAnEmptyWord() {
        assertEquals(List.of(""), ShellWords.split("''"));
        assertEquals(List.of(""), ShellWords.split("\"\""));
        assertEquals(List.of("a", "", "b"), ShellWords.split("a '' b"));
        assertEquals(List.of("--name", ""), ShellWords.split("--name ''"));
    }

    @Test
    void blanksSeparateWords() {
        assertEquals(List.of(), ShellWords.split(""));
        assertEquals(List.of(), ShellWords.split(" \t\n "));
        assertEquals(List.of("a", "b", "c"), ShellWords.split("  a\t b\n c  "));
        assertEquals(List.of("--lr", "1e-3", "-k", "not slow"), ShellWords.split("--lr 1e-3 -k 'not slow'"));
    }

    @Test
    void doubleQuotesKeepBlanks() {
        assertEquals(List.of("a b"), ShellWords.split("\"a b\""));
        assertEquals(List.of("x", "a  b", "y"), ShellWords.split("x \"a  b\" y"));
    }

    @Test
    void singleQuoteInsideSingleQuotesViaDoubleQuotes() {
        assertEquals(List.of("it's"), ShellWords.split("'it'\"'\"'s'"));
        assertEquals(List.of("it's"), ShellWords.split("it\\'s"));
    }

    @Test
    void adjacentQuotedPartsFormOneWord() {
        assertEquals(List.of("abcd"), ShellWords.split("a\"b\"'c'd"));
        assertEquals(List.of("--msg=hello world"), ShellWords.split("--msg='hello world'"));
    }

    @Test
    void backslashOutsideQuotesEscapesNextCharacter() {
        assertEquals(List.of("a b"), ShellWords.split("a\\ b"));
        assertEquals(List.of("\\"), ShellWords.split("\\\\"));
        assertEquals(List.of("\"x\""), ShellWords.split("\\\"x\\\""));
        assertEquals(List.of("$HOME"), ShellWords.split("\\$HOME"));
        assertEquals(List.of("n"), ShellWords.split("\\n"));
        // backslash-newline is a line continuation
        assertEquals(List.of("ab"), ShellWords.split("a\\\nb"));
    }

    @Test
    void backslashInsideDoubleQuotesEscapesOnlySpecialCharacters() {
        assertEquals(List.of("say \"hi\""), ShellWords.split("\"say \\\"hi\\\"\""));
        assertEquals(List.of("a$b`c\\d"), ShellWords.split("\"a\\$b\\`c\\\\d\""));
        assertEquals(List.of("a\\nb"), ShellWords.split("\"a\\nb\""));
        assertEquals(List.of("ab"), ShellWords.split("\"a\\\nb\""));
        assertEquals(List.of("a\nb"), ShellWords.split("\"a\nb\""));
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertEquals(List.of("a\\b \"c\" $d `e`"), ShellWords.split("'a\\b \"c\" $d `e`'"));
        assertEquals(List.of("line1\nline2"), ShellWords.split("'line1\nline2'"));
    }

    @Test
    void noExpansionOfAnyKind() {
        assertEquals(List.of("$HOME", "`id`", "$(touch", "x)", "*", "~", "a#b", "{a,b}"),
                ShellWords.split("$HOME `id` $(touch x) * ~ a#b {a,b}"));
    }

    @Test
    void unclosedQuotesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("'abc"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("\"abc"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("a 'b c"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("\"a \\\""));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("it's"));
    }

    @Test
    void trailingBackslashIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("abc\\"));
    }

    @Test
    void quoteLeavesSafeWordsBare() {
        assertEquals("abc", ShellWords.quote("abc"));
        assertEquals("--lr=1e-3", ShellWords.quote("--lr=1e-3"));
        assertEquals("-k", ShellWords.quote("-k"));
        assertEquals("src/lynx/x.py", ShellWords.quote("src/lynx/x.py"));
        assertEquals("a@b%c+d:e,f", ShellWords.quote("a@b%c+d:e,f"));
    }

    @Test
    void quoteWrapsEverythingElseInSingleQuotes() {
        assertEquals("''", ShellWords.quote(""));
        assertEquals("'a b'", ShellWords.quote("a b"));
        assertEquals("'it'\"'\"'s'", ShellWords.quote("it's"));
        assertEquals("'$x'", ShellWords.quote("$x"));
        assertEquals("'~'", ShellWords.quote("~"));
        assertEquals("'*'", ShellWords.quote("*"));
        assertEquals("'#'", ShellWords.quote("#"));
        assertEquals("'é'", ShellWords.quote("é"));
        assertEquals("'a\nb'", ShellWords.quote("a\nb"));
        assertEquals("''\"'\"''", ShellWords.quote("'"));
    }

    @Test
    void joinQuotesEachWord() {
        assertEquals("uv run 'a b' '' 'it'\"'\"'s'", ShellWords.join(List.of("uv", "run", "a b", "", "it's")));
        assertEquals("", ShellWords.join(List.of()));
    }

    @Test
    void splitUndoesJoin() {
        List<String> words = List.of("", "a b", "'", "\"", "\\", "$(x)", "`y`", "a\nb", "\t", "😀", "--lr", "e\u0301");
        assertEquals(words, ShellWords.split(ShellWords.join(words)));
    }
}
