// syllabus_highlight over KDE's KSyntaxHighlighting (docs/architecture.md, "Highlighting"):
// language names to definitions, the library's formats to a fixed set of classes, and the
// lines it highlights to escaped HTML.

#include "chighlight.h"

#include <KF5/KSyntaxHighlighting/KSyntaxHighlighting/abstracthighlighter.h>
#include <KF5/KSyntaxHighlighting/KSyntaxHighlighting/definition.h>
#include <KF5/KSyntaxHighlighting/KSyntaxHighlighting/format.h>
#include <KF5/KSyntaxHighlighting/KSyntaxHighlighting/repository.h>
#include <KF5/KSyntaxHighlighting/KSyntaxHighlighting/state.h>
#include <KF5/KSyntaxHighlighting/KSyntaxHighlighting/theme.h>
#include <KF5/KSyntaxHighlighting/ksyntaxhighlighting_version.h>

#include <QString>
#include <QStringView>

#include <link.h>
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

using KSyntaxHighlighting::AbstractHighlighter;
using KSyntaxHighlighting::Definition;
using KSyntaxHighlighting::Format;
using KSyntaxHighlighting::Repository;
using KSyntaxHighlighting::State;
using KSyntaxHighlighting::Theme;

// The classes of the HTML, without their "hl-" prefix; chighlight.h and Highlighter.swift
// list the same names.
enum class TokenClass : unsigned char {
    none, keyword, type, function, variable, constant, builtin, string, escape, number, comment,
    operator_, preprocessor, attribute, inserted, deleted, error,
};

const char *openingTag(TokenClass token) {
    switch (token) {
    case TokenClass::none: return "";
    case TokenClass::keyword: return "<span class=\"hl-keyword\">";
    case TokenClass::type: return "<span class=\"hl-type\">";
    case TokenClass::function: return "<span class=\"hl-function\">";
    case TokenClass::variable: return "<span class=\"hl-variable\">";
    case TokenClass::constant: return "<span class=\"hl-constant\">";
    case TokenClass::builtin: return "<span class=\"hl-builtin\">";
    case TokenClass::string: return "<span class=\"hl-string\">";
    case TokenClass::escape: return "<span class=\"hl-escape\">";
    case TokenClass::number: return "<span class=\"hl-number\">";
    case TokenClass::comment: return "<span class=\"hl-comment\">";
    case TokenClass::operator_: return "<span class=\"hl-operator\">";
    case TokenClass::preprocessor: return "<span class=\"hl-preprocessor\">";
    case TokenClass::attribute: return "<span class=\"hl-attribute\">";
    case TokenClass::inserted: return "<span class=\"hl-inserted\">";
    case TokenClass::deleted: return "<span class=\"hl-deleted\">";
    case TokenClass::error: return "<span class=\"hl-error\">";
    }
    return "";
}

// Every definition names its formats ("Keyword", "String Char", "Added line") and gives each
// one of the library's default styles; the class comes from the style. Diff's styles say
// nothing of adding and removing (an added line is a Variable, a removed one a String), so
// its four line formats are read by name.
TokenClass tokenClass(const Format &format, bool isDiff) {
    if (isDiff) {
        const QString name = format.name();
        if (name == QLatin1String("Added line") || name == QLatin1String("Changed line (new)")) return TokenClass::inserted;
        if (name == QLatin1String("Removed line") || name == QLatin1String("Changed line (old)")) return TokenClass::deleted;
    }
    switch (format.textStyle()) {
    case Theme::Keyword: case Theme::ControlFlow: case Theme::Import: return TokenClass::keyword;
    case Theme::DataType: case Theme::Extension: return TokenClass::type;
    case Theme::Function: return TokenClass::function;
    case Theme::Variable: return TokenClass::variable;
    case Theme::Constant: return TokenClass::constant;
    case Theme::BuiltIn: return TokenClass::builtin;
    case Theme::String: case Theme::VerbatimString: case Theme::SpecialString: case Theme::Char: return TokenClass::string;
    case Theme::SpecialChar: return TokenClass::escape;
    case Theme::DecVal: case Theme::BaseN: case Theme::Float: return TokenClass::number;
    case Theme::Comment: case Theme::Documentation: case Theme::CommentVar: case Theme::Annotation:
    case Theme::RegionMarker: case Theme::Information: case Theme::Warning: case Theme::Alert: return TokenClass::comment;
    case Theme::Operator: return TokenClass::operator_;
    case Theme::Preprocessor: return TokenClass::preprocessor;
    case Theme::Attribute: return TokenClass::attribute;
    case Theme::Error: return TokenClass::error;
    case Theme::Normal: case Theme::Others: return TokenClass::none;
    }
    return TokenClass::none;
}

// UTF-16 from the library to UTF-8, escaping what HTML reads as markup. NUL and unpaired
// surrogates become U+FFFD (QString::fromUtf8 already made invalid UTF-8 into U+FFFD).
void appendEscaped(std::string &out, QStringView text) {
    const qsizetype count = text.size();
    for (qsizetype i = 0; i < count; ++i) {
        const char16_t unit = text[i].unicode();
        if (unit < 0x80) {
            switch (unit) {
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case 0: out += "\xEF\xBF\xBD"; break;
            default: out += char(unit);
            }
        } else if (unit < 0x800) {
            out += char(0xC0 | (unit >> 6));
            out += char(0x80 | (unit & 0x3F));
        } else if (QChar::isHighSurrogate(unit) && i + 1 < count && QChar::isLowSurrogate(text[i + 1].unicode())) {
            const char32_t scalar = QChar::surrogateToUcs4(unit, text[i + 1].unicode());
            ++i;
            out += char(0xF0 | (scalar >> 18));
            out += char(0x80 | ((scalar >> 12) & 0x3F));
            out += char(0x80 | ((scalar >> 6) & 0x3F));
            out += char(0x80 | (scalar & 0x3F));
        } else if (QChar::isSurrogate(unit)) {
            out += "\xEF\xBF\xBD";
        } else {
            out += char(0xE0 | (unit >> 12));
            out += char(0x80 | ((unit >> 6) & 0x3F));
            out += char(0x80 | (unit & 0x3F));
        }
    }
}

// Two limits keep the time linear in the code, with a bound fixed per block, whatever the code
// holds (docs/architecture.md, "Highlighting"); code meant for reading stays far inside both.
// - A line longer than this many UTF-16 units is written plain, and the state of the lines
//   before passes over it to the line after: the library's time on one line grows faster than
//   the line (a 1 MB line of JavaScript: over a minute; up to this length at most 2 s a MB).
constexpr qsizetype longestHighlightedLine = 1000;
// - Past this many UTF-16 units of a block, its lines are written plain: the library copies its
//   stack of open contexts at each line, and code that opens one on every line (Rust's nesting
//   /* on each of 40,000 lines: 3.7 s) costs the square of its length. Up to this length the
//   worst measured is 0.2 s a block (a line of `/*` each in Rust, `{-` in TypeScript).
constexpr qsizetype mostHighlightedPerBlock = 32768;

// Writes the HTML of one code block, line by line: the library calls applyFormat with the
// formats of a line's pieces, in order; pieces of one class in a row share one span, and a
// span closes at the end of its line.
class HtmlHighlighter final : public AbstractHighlighter {
public:
    void highlight(QStringView code, std::string &out) {
        out_ = &out;
        isDiff_ = definition().name() == QLatin1String("Diff");
        State state;
        qsizetype start = 0;
        qsizetype highlighted = 0;
        bool pastLimit = false;
        for (;;) {
            qsizetype end = code.indexOf(QLatin1Char('\n'), start);
            const bool last = end < 0;
            if (last) end = code.size();
            line_ = code.mid(start, end - start);
            position_ = 0;
            open_ = TokenClass::none;
            const bool tooLong = line_.size() > longestHighlightedLine;
            if (!tooLong && highlighted + line_.size() > mostHighlightedPerBlock) pastLimit = true;
            if (tooLong || pastLimit) {
                appendEscaped(out, line_);
            } else {
                highlighted += line_.size() + 1;
                state = highlightLine(line_, state);
                write(line_.size(), TokenClass::none);
            }
            if (last) break;
            out += '\n';
            start = end + 1;
        }
        out_ = nullptr;
    }

private:
    void applyFormat(int offset, int length, const Format &format) override {
        if (offset > position_) write(offset, TokenClass::none);
        write(qsizetype(offset) + length, tokenClass(format, isDiff_));
    }

    // The line from position_ up to `end` in the class `token`.
    void write(qsizetype end, TokenClass token) {
        if (end > line_.size()) end = line_.size();
        if (end <= position_) {
            if (end == line_.size()) close();
            return;
        }
        // A surrogate pair stays in one piece, so no tag falls inside a UTF-8 sequence.
        if (end < line_.size() && QChar::isHighSurrogate(line_[end - 1].unicode()) && QChar::isLowSurrogate(line_[end].unicode())) ++end;
        if (token != open_) {
            close();
            *out_ += openingTag(token);
            open_ = token;
        }
        appendEscaped(*out_, line_.mid(position_, end - position_));
        position_ = end;
        if (end == line_.size()) close();
    }

    void close() {
        if (open_ != TokenClass::none) *out_ += "</span>";
        open_ = TokenClass::none;
    }

    std::string *out_ = nullptr;
    QStringView line_;
    qsizetype position_ = 0;
    TokenClass open_ = TokenClass::none;
    bool isDiff_ = false;
};

// The names a fence writes for the languages a course is most likely to show, lowercased, and
// the definitions' own names. Other names are looked up among the definitions' names, then
// as a file extension.
const std::unordered_map<std::string_view, const char *> &aliases() {
    static const std::unordered_map<std::string_view, const char *> table = {
        {"swift", "Swift"},
        {"python", "Python"}, {"py", "Python"}, {"python3", "Python"}, {"py3", "Python"},
        {"javascript", "JavaScript"}, {"js", "JavaScript"}, {"mjs", "JavaScript"}, {"cjs", "JavaScript"}, {"node", "JavaScript"},
        {"jsx", "JavaScript React (JSX)"},
        {"typescript", "TypeScript"}, {"ts", "TypeScript"}, {"mts", "TypeScript"}, {"cts", "TypeScript"},
        {"tsx", "TypeScript React (TSX)"},
        {"rust", "Rust"}, {"rs", "Rust"},
        {"go", "Go"}, {"golang", "Go"},
        {"c", "C"},
        {"cpp", "C++"}, {"c++", "C++"}, {"cxx", "C++"}, {"cc", "C++"}, {"hpp", "C++"}, {"hxx", "C++"},
        {"java", "Java"},
        {"sh", "Bash"}, {"bash", "Bash"}, {"shell", "Bash"}, {"zsh", "Zsh"},
        {"sql", "SQL"}, {"postgresql", "SQL (PostgreSQL)"}, {"postgres", "SQL (PostgreSQL)"}, {"mysql", "SQL (MySQL)"},
        {"yaml", "YAML"}, {"yml", "YAML"},
        {"json", "JSON"}, {"jsonc", "JSON"},
        {"toml", "TOML"},
        {"html", "HTML"}, {"htm", "HTML"}, {"xhtml", "HTML"},
        {"css", "CSS"},
        {"markdown", "Markdown"}, {"md", "Markdown"},
        {"diff", "Diff"}, {"patch", "Diff"}, {"udiff", "Diff"},
    };
    return table;
}

// One Repository with the definitions found so far, by lowercased name.
class Engine {
public:
    Definition definition(const std::string &language) {
        if (const auto found = found_.find(language); found != found_.end()) return found->second;
        Definition definition = lookUp(language);
        if (found_.size() < 4096) found_.emplace(language, definition);
        return definition;
    }

    HtmlHighlighter highlighter;

private:
    Definition lookUp(const std::string &language) const {
        if (const auto alias = aliases().find(language); alias != aliases().end()) {
            return repository_.definitionForName(QString::fromLatin1(alias->second));
        }
        const QString name = QString::fromUtf8(language.data(), qsizetype(language.size()));
        for (const Definition &definition : repository_.definitions()) {
            if (!definition.isHidden() && definition.name().compare(name, Qt::CaseInsensitive) == 0) return definition;
        }
        return repository_.definitionForFileName(QStringLiteral("code.") + name);
    }

    Repository repository_;
    std::unordered_map<std::string, Definition> found_;
};

// A Repository is not safe to use from two threads at once: it loads a definition's rules
// the first time they are used, into data its Definitions share, without a lock. Two
// Repositories share nothing that changes (the library's only process-wide values are an
// atomic counter and two defaults made once). So each call borrows an Engine of its own for
// its length; the pool holds as many as ever ran at once (two when pages compile on two
// threads), each made the first time it was needed (about 5 ms).
class EnginePool {
public:
    std::unique_ptr<Engine> take() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!idle_.empty()) {
                std::unique_ptr<Engine> engine = std::move(idle_.back());
                idle_.pop_back();
                return engine;
            }
        }
        return std::make_unique<Engine>();
    }

    void give(std::unique_ptr<Engine> engine) {
        std::lock_guard<std::mutex> lock(mutex_);
        idle_.push_back(std::move(engine));
    }

private:
    std::mutex mutex_;
    std::vector<std::unique_ptr<Engine>> idle_;
};

// Never destroyed: Qt objects torn down while the process exits may outlive Qt's own
// statics; the end of the process frees them.
EnginePool &enginePool() {
    static EnginePool *pool = new EnginePool();
    return *pool;
}

std::string lowercased(const char *language) {
    std::string name(language);
    for (char &c : name) {
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    }
    return name;
}

} // namespace

extern "C" int syllabus_highlight(const char *language, const char *code, size_t length, char **out, size_t *out_length) {
    try {
        const std::string name = lowercased(language);
        if (name.empty()) return 0;
        EnginePool &pool = enginePool();
        std::unique_ptr<Engine> engine = pool.take();
        const Definition definition = engine->definition(name);
        if (!definition.isValid()) {
            pool.give(std::move(engine));
            return 0;
        }
        const QString text = QString::fromUtf8(code, qsizetype(length));
        std::string html;
        html.reserve(length * 3 + 64);
        engine->highlighter.setDefinition(definition);
        engine->highlighter.highlight(text, html);
        pool.give(std::move(engine));
        char *buffer = static_cast<char *>(std::malloc(html.size() + 1));
        if (!buffer) return -1;
        std::memcpy(buffer, html.data(), html.size() + 1);
        *out = buffer;
        *out_length = html.size();
        return 1;
    } catch (...) {
        return -1;
    }
}

extern "C" void syllabus_highlight_free(char *out) { std::free(out); }

extern "C" const char *syllabus_highlight_identity(void) {
    static const std::string identity = [] {
        std::string text = "KSyntaxHighlighting " SyntaxHighlighting_VERSION_STRING;
        dl_iterate_phdr([](struct dl_phdr_info *info, size_t, void *data) -> int {
            if (!info->dlpi_name || !std::strstr(info->dlpi_name, "libKF5SyntaxHighlighting.so")) return 0;
            struct stat file;
            if (stat(info->dlpi_name, &file) != 0) return 0;
            *static_cast<std::string *>(data) += " " + std::to_string(file.st_size) + " " + std::to_string(file.st_mtim.tv_sec) + "." +
                                                 std::to_string(file.st_mtim.tv_nsec);
            return 1;
        }, &text);
        return text;
    }();
    return identity.c_str();
}
