//! Anything typed into the search box is a valid search: SQL and FTS5 syntax, quotes,
//! control and bidi characters, astral characters; too long is a clear message.

use signdesk_archive::search::{self, SearchQuery};

use crate::{fixture, names};

#[test]
fn hostile_strings_give_results_or_a_clear_message() {
    let f = fixture();
    let long = "x".repeat(100);
    let hostile = [
        "\"",
        "\"\"",
        "'",
        "''",
        "张三\"",
        "\"张三",
        "NEAR(",
        "NEAR(张三 李四)",
        "*",
        "张*",
        "zs*",
        "OR",
        "张三 OR 李四",
        "AND",
        "NOT",
        "-",
        "^",
        ":",
        "title:张三",
        "(",
        ")",
        "{",
        "}",
        "\u{0}",
        "张\u{0}三",
        "\u{7}\u{1b}[31m",
        "\u{202E}三张",
        "\u{202E}张三\u{202C}",
        "\u{200B}张三",
        "%",
        "_",
        "张%",
        "a\\",
        "; DROP TABLE agreements; --",
        "违章\"动火",
        "\u{FEFF}",
        "   ",
        "🙂",
        "𠀀𠀁𠀂",
        "\u{10FFFF}",
        &long,
    ];
    for h in hostile {
        let r = search::search(
            f.a.read(),
            &SearchQuery {
                text: h.into(),
                ..Default::default()
            },
        );
        assert!(r.is_ok(), "{h:?}: {:?}", r.err());
    }
    assert_eq!(
        names(&f, "\u{202E}张三\u{202C}").len(),
        3,
        "bidi controls are ignored"
    );
    assert_eq!(
        names(&f, "张\u{0}三").len(),
        3,
        "control characters are ignored"
    );
    let err = search::search(
        f.a.read(),
        &SearchQuery {
            text: "长".repeat(101),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.kind(), "query_too_long");
    assert!(err.to_string().contains("搜索内容过长"));
}
