import Pruning
import Testing
import YAML

/// One parse that must succeed: the YAML text and the tree it must give.
struct ParseCase: CustomTestStringConvertible, Sendable {
    let id: String
    let input: String
    let expected: String
    var testDescription: String { id }

    static let all: [ParseCase] = [
        ParseCase(id: "A block mapping keeps its keys in file order.",
                  input: "b: 1\na: 2\n", expected: "{b: 1, a: 2}"),
        ParseCase(id: "Nested block mappings follow indentation.",
                  input: "pruners:\n  p1:\n    class: X\n  p2:\n    class: Y\n",
                  expected: "{pruners: {p1: {class: X}, p2: {class: Y}}}"),
        ParseCase(id: "A sequence of '- key: v' items holds nested mappings.",
                  input: "policies:\n  - pruner:\n      instance_name: p\n    starting_epoch: 0\n  - epochs: [1]\n",
                  expected: "{policies: [{pruner: {instance_name: p}, starting_epoch: 0}, {epochs: [1]}]}"),
        ParseCase(id: "A sequence may sit at its key's own column.",
                  input: "a:\n- x\n- y\nb: 1\n", expected: "{a: [x, y], b: 1}"),
        ParseCase(id: "Sequences nest with '- - x'.",
                  input: "- - a\n  - b\n- c\n", expected: "[[a, b], c]"),
        ParseCase(id: "A flow sequence may span lines, with comments between items.",
                  input: "w: [a, b,   # first two\n     c,\n     d]\n", expected: "{w: [a, b, c, d]}"),
        ParseCase(id: "A flow sequence may open on its key's line and close on its own line.",
                  input: "w: [\n  a,\n  b]\nx: 1\n", expected: "{w: [a, b], x: 1}"),
        ParseCase(id: "Flow mappings nest inside flow sequences.",
                  input: "a: [{x: 1, y: [2, 3]}, {}]\n", expected: "{a: [{x: 1, y: [2, 3]}, {}]}"),
        ParseCase(id: "A flow mapping key without a value is null.",
                  input: "a: {x, y: 1}\n", expected: "{a: {x: ~, y: 1}}"),
        ParseCase(id: "A trailing comma in a flow sequence is allowed.",
                  input: "a: [1, 2,]\n", expected: "{a: [1, 2]}"),
        ParseCase(id: "Single quotes escape a quote by doubling it.",
                  input: "a: 'it''s'\n", expected: "{a: 'it's'}"),
        ParseCase(id: "Double quotes take backslash escapes.",
                  input: "a: \"tab\\there\\n\\u00e9\\x41\\\\\"\n", expected: "{a: \"tab\there\\né\u{41}\\\"}"),
        ParseCase(id: "Quoted scalars fold a line break into a space.",
                  input: "a: 'one\n  two'\n", expected: "{a: 'one two'}"),
        ParseCase(id: "Quoted scalars turn a blank line into a newline.",
                  input: "a: \"one\n\n  two\"\n", expected: "{a: \"one\\ntwo\"}"),
        ParseCase(id: "An escaped line break in double quotes joins the lines.",
                  input: "a: \"one\\\n   two\"\n", expected: "{a: \"onetwo\"}"),
        ParseCase(id: "Plain scalars continue on deeper-indented lines.",
                  input: "a: one\n  two\nb: 3\n", expected: "{a: one two, b: 3}"),
        ParseCase(id: "A key may have spaces before its colon.",
                  input: "initial_sparsity : 0.05\n", expected: "{initial_sparsity: 0.05}"),
        ParseCase(id: "Colons and hashes inside plain scalars are text.",
                  input: "url: http://x/y#z\n", expected: "{url: http://x/y#z}"),
        ParseCase(id: "Trailing comments are dropped, full-line comments anywhere.",
                  input: "# head\na: 1 # one\n  # indented\nb: 2\n", expected: "{a: 1, b: 2}"),
        ParseCase(id: "An empty value, '~' and 'null' are null.",
                  input: "a:\nb: ~\nc: null\n", expected: "{a: ~, b: ~, c: ~}"),
        ParseCase(id: "A key with nothing nested below is null even when a sibling follows.",
                  input: "a:\n  b:\n  c: 1\n", expected: "{a: {b: ~, c: 1}}"),
        ParseCase(id: "An empty sequence entry is null.",
                  input: "- \n- 1\n", expected: "[~, 1]"),
        ParseCase(id: "Document markers '---' and '...' frame the document.",
                  input: "---\na: 1\n...\n", expected: "{a: 1}"),
        ParseCase(id: "A document of only comments is empty.",
                  input: "# nothing\n\n", expected: "<empty>"),
        ParseCase(id: "Windows line endings and a byte-order mark are accepted.",
                  input: "\u{FEFF}a: 1\r\nb: [2,\r\n 3]\r\n", expected: "{a: 1, b: [2, 3]}"),
        ParseCase(id: "Tabs may separate a value from its key.",
                  input: "a:\t1\n", expected: "{a: 1}"),
        ParseCase(id: "A placeholder is one plain scalar, even inside a flow sequence.",
                  input: "r: [${lo}, ${hi}]\n", expected: "{r: [${lo}, ${hi}]}"),
        ParseCase(id: "A top-level scalar is a document of its own.",
                  input: "../ssl/x.yaml\n", expected: "../ssl/x.yaml"),
    ]
}

/// One input the parser must refuse, with the whole rendered message (caret line included).
struct YAMLErrorCase: CustomTestStringConvertible, Sendable {
    let id: String
    let input: String
    let expected: String
    var testDescription: String { id }

    static let all: [YAMLErrorCase] = [
        YAMLErrorCase(id: "A tab at the start of a line is refused.", input: "a:\n\tb: 1\n", expected: """
            t.yaml:2:1: error: tab character in indentation; YAML indents with spaces only
            \tb: 1
            ^
            """),
        YAMLErrorCase(id: "A tab after spaces in the indentation is refused, and the caret keeps the tab.",
                      input: "a:\n  \tb: 1\n", expected: """
            t.yaml:2:3: error: tab character in indentation; YAML indents with spaces only
              \tb: 1
              ^
            """),
        YAMLErrorCase(id: "A key indented one column too deep under a plain value is named.",
                      input: "pruners:\n  p1:\n    class: X\n     weights: [a]\n", expected: """
            t.yaml:4:6: error: bad indentation: this line starts at column 6, deeper than the entries above it \
            (column 5); YAML reads it as part of the previous value
                 weights: [a]
                 ^
            """),
        YAMLErrorCase(id: "A key indented too deep under a quoted value is named.",
                      input: "a:\n  b: 'x'\n    c: 1\n", expected: """
            t.yaml:3:5: error: bad indentation: this line starts at column 5, deeper than the entries above it \
            (column 3); YAML reads it as part of the previous value
                c: 1
                ^
            """),
        YAMLErrorCase(id: "A line between two indentation levels names both.",
                      input: "a:\n    b: 1\n  c: 2\n", expected: """
            t.yaml:3:3: error: bad indentation: column 3 lines up with neither the enclosing entries (column 1) \
            nor the nested ones (column 5)
              c: 2
              ^
            """),
        YAMLErrorCase(id: "A line left of the document's first line is refused.", input: "  a: 1\nb: 2\n", expected: """
            t.yaml:2:1: error: bad indentation: this line starts at column 1, left of the document's first line (column 3)
            b: 2
            ^
            """),
        YAMLErrorCase(id: "A sequence cannot continue with a key.", input: "- a\n- b\nc: 1\n", expected: """
            t.yaml:3:1: error: expected '- ' to continue the sequence, found 'c: 1'
            c: 1
            ^
            """),
        YAMLErrorCase(id: "A mapping line without a colon is refused.", input: "a: 1\nb\n", expected: """
            t.yaml:2:1: error: expected 'key: value' in a block mapping, found 'b'
            b
            ^
            """),
        YAMLErrorCase(id: "A sequence entry cannot follow mapping entries at their column.", input: "a: 1\n- b\n",
                      expected: """
            t.yaml:2:1: error: expected a mapping key, found a sequence entry '- '; a mapping and a sequence cannot \
            share one indentation level
            - b
            ^
            """),
        YAMLErrorCase(id: "A block sequence cannot start on its key's line.", input: "a: - b\n", expected: """
            t.yaml:1:4: error: a block sequence cannot start on its key's line; move '- ' to the next line or write [a, b]
            a: - b
               ^
            """),
        YAMLErrorCase(id: "A second colon on one line is refused.", input: "a: b: c\n", expected: """
            t.yaml:1:5: error: mapping values are not allowed here; put a nested mapping on its own lines, or quote \
            a value that contains ': '
            a: b: c
                ^
            """),
        YAMLErrorCase(id: "Text after a quoted scalar is refused; columns count Unicode scalars.",
                      input: "é→: 'x' y\n", expected: """
            t.yaml:1:9: error: unexpected 'y' after a quoted scalar on the same line
            é→: 'x' y
                    ^
            """),
        YAMLErrorCase(id: "An unterminated single quote is reported at the opening quote.", input: "a: 'abc\nb: 2\n",
                      expected: """
            t.yaml:1:4: error: unterminated single-quoted scalar: no closing ' for this one
            a: 'abc
               ^
            """),
        YAMLErrorCase(id: "An unterminated double quote at the end of the file is reported at the opening quote.",
                      input: "a: \"abc\n", expected: """
            t.yaml:1:4: error: unterminated double-quoted scalar: no closing " for this one
            a: "abc
               ^
            """),
        YAMLErrorCase(id: "An unknown escape is refused at its backslash.", input: "a: \"x\\qy\"\n", expected: """
            t.yaml:1:6: error: invalid escape '\\q' in a double-quoted scalar; use \\\\ for a backslash
            a: "x\\qy"
                 ^
            """),
        YAMLErrorCase(id: "A hex escape with a non-hex digit is refused.", input: "a: \"\\x4G\"\n", expected: """
            t.yaml:1:5: error: invalid escape '\\x4G' in a double-quoted scalar; use \\\\ for a backslash
            a: "\\x4G"
                ^
            """),
        YAMLErrorCase(id: "A flow sequence left open before the next key is reported at its bracket.",
                      input: "weights: [a, b\nnext: 1\n", expected: """
            t.yaml:1:10: error: unterminated flow sequence: no ']' closes this '['
            weights: [a, b
                     ^
            """),
        YAMLErrorCase(id: "A flow sequence left open at the end of the file is reported at its bracket.",
                      input: "weights: [a,\n   b\n", expected: """
            t.yaml:1:10: error: unterminated flow sequence: no ']' closes this '['
            weights: [a,
                     ^
            """),
        YAMLErrorCase(id: "A flow mapping left open is reported at its brace.", input: "a: {x: 1, y: 2\n", expected: """
            t.yaml:1:4: error: unterminated flow mapping: no '}' closes this '{'
            a: {x: 1, y: 2
               ^
            """),
        YAMLErrorCase(id: "Two flow items without a comma are refused.", input: "a: [x, 'y' z]\n", expected: """
            t.yaml:1:12: error: expected ',' or ']' in a flow sequence, found 'z'
            a: [x, 'y' z]
                       ^
            """),
        YAMLErrorCase(id: "A flow mapping key must be followed by a colon.", input: "a: {\"x\" y}\n", expected: """
            t.yaml:1:9: error: expected ':' after a key in a flow mapping, found 'y'
            a: {"x" y}
                    ^
            """),
        YAMLErrorCase(id: "An empty flow item is refused.", input: "a: [x, , z]\n", expected: """
            t.yaml:1:8: error: expected a value in a flow collection, found ','
            a: [x, , z]
                   ^
            """),
        YAMLErrorCase(id: "A pair inside a flow sequence is refused as unsupported.", input: "a: [x: 1]\n", expected: """
            t.yaml:1:6: error: unsupported YAML feature: a 'key: value' pair inside a flow sequence; write [{key: value}]
            a: [x: 1]
                 ^
            """),
        YAMLErrorCase(id: "A block entry inside a flow collection is refused.", input: "a: [- x]\n", expected: """
            t.yaml:1:5: error: a block sequence entry '- ' cannot appear inside a flow collection; separate items with ','
            a: [- x]
                ^
            """),
        YAMLErrorCase(id: "A closing bracket without an opener is refused.", input: "a: ]\n", expected: """
            t.yaml:1:4: error: unexpected ']' with no matching opening bracket
            a: ]
               ^
            """),
        YAMLErrorCase(id: "A reserved character cannot start a plain scalar.", input: "a: @x\n", expected: """
            t.yaml:1:4: error: '@' is reserved in YAML and cannot start a plain scalar; quote the value
            a: @x
               ^
            """),
        YAMLErrorCase(id: "Anchors are refused as an unsupported feature.", input: "base: &b 1\n", expected: """
            t.yaml:1:7: error: unsupported YAML feature: anchor '&b'; write the value out in full
            base: &b 1
                  ^
            """),
        YAMLErrorCase(id: "Aliases are refused as an unsupported feature.", input: "a: *b\n", expected: """
            t.yaml:1:4: error: unsupported YAML feature: alias '*b'; write the value out in full
            a: *b
               ^
            """),
        YAMLErrorCase(id: "Tags are refused as an unsupported feature.", input: "a: !!str 1\n", expected: """
            t.yaml:1:4: error: unsupported YAML feature: tag '!!str'; values are typed by how they are written
            a: !!str 1
               ^
            """),
        YAMLErrorCase(id: "Block scalars are refused as an unsupported feature.", input: "a: |\n  text\n", expected: """
            t.yaml:1:4: error: unsupported YAML feature: block scalar '|'; write the text as a quoted scalar
            a: |
               ^
            """),
        YAMLErrorCase(id: "Directives are refused as an unsupported feature.", input: "%YAML 1.2\n---\na: 1\n",
                      expected: """
            t.yaml:1:1: error: unsupported YAML feature: directive '%YAML'
            %YAML 1.2
            ^
            """),
        YAMLErrorCase(id: "Explicit '?' keys are refused as an unsupported feature.", input: "? a\n: b\n", expected: """
            t.yaml:1:1: error: unsupported YAML feature: complex mapping key; keys must be plain or quoted scalars
            ? a
            ^
            """),
        YAMLErrorCase(id: "A flow collection used as a key is refused.", input: "[a]: b\n", expected: """
            t.yaml:1:1: error: unsupported YAML feature: complex mapping key; keys must be plain or quoted scalars
            [a]: b
            ^
            """),
        YAMLErrorCase(id: "A second document is refused.", input: "a: 1\n---\nb: 2\n", expected: """
            t.yaml:2:1: error: unsupported YAML feature: a second document in one file; put one schedule per file
            ---
            ^
            """),
        YAMLErrorCase(id: "Content after the end marker is refused.", input: "a: 1\n...\nb: 2\n", expected: """
            t.yaml:3:1: error: content after the end-of-document marker '...'
            b: 2
            ^
            """),
        YAMLErrorCase(id: "A placeholder without its closing brace is refused.", input: "a: ${x\n", expected: """
            t.yaml:1:4: error: unterminated placeholder: '${' needs a closing '}' on the same line
            a: ${x
               ^
            """),
        YAMLErrorCase(id: "A placeholder name must be an identifier.", input: "a: ${1x}\n", expected: """
            t.yaml:1:4: error: invalid placeholder '${1x}': a name starts with a letter or '_' and continues with \
            letters, digits, '_', '.' or '-'
            a: ${1x}
               ^
            """),
    ]
}

struct YAMLParserTests {
    @Test(arguments: ParseCase.all)
    func parses(_ c: ParseCase) throws {
        let document = try YAMLDocument(parsing: c.input, file: "t.yaml")
        #expect(dump(document.root) == c.expected)
    }

    @Test(arguments: YAMLErrorCase.all)
    func refuses(_ c: YAMLErrorCase) {
        #expect(renderedError { _ = try YAMLDocument(parsing: c.input, file: "t.yaml") } == c.expected)
    }

    @Test func nodesKeepTheirLocations() throws {
        let document = try YAMLDocument(parsing: "# c\npruners:\n  p1:\n    weights: [a,\n      'b']\n", file: "f.yaml")
        let p1 = try #require(document.root?.mapping?[0].value.mapping?[0])
        #expect(p1.key.location == SourceLocation(file: "f.yaml", line: 3, column: 3))
        let weights = try #require(p1.value.mapping?[0].value.sequence)
        #expect(weights.map(\.location.description) == ["f.yaml:4:15", "f.yaml:5:7"])
    }

    @Test func duplicateKeysAreKeptByTheParserAndRefusedByReaders() throws {
        let document = try YAMLDocument(parsing: "a: 1\nb: 2\na: 3\n", file: "t.yaml")
        #expect(dump(document.root) == "{a: 1, b: 2, a: 3}")
        #expect(renderedError { _ = try document.root!.uniqueEntries(in: document.source) } == """
            t.yaml:3:1: error: duplicate key 'a' (first written at line 1, column 1)
            a: 3
            ^
            """)
    }
}
