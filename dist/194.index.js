export const id = 194;
export const ids = [194];
export const modules = {

/***/ 7194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wg: () => (/* binding */ setSecretSink),
/* harmony export */   cl: () => (/* binding */ registerSecret),
/* harmony export */   redact: () => (/* binding */ redact)
/* harmony export */ });
/* unused harmony export forgetSecrets */
// The run's secrets, and the one function that takes them out of any text. Every sink (the
// log, annotations, the summary, outputs, errors, the terminal) passes its final text through
// `redact` last, after any escaping or quoting, so nothing a server echoes back or a library
// puts in an error can carry a secret out, even where the runner's own masking would not see
// it (local runs, the command line, tests).
//
// A secret is found in any form the way out may have given it: as it is; with its punctuation
// escaped by backslashes (JSON, Markdown: `\"`, `\_`, `\\`), as HTML entities (`&lt;`), percent-
// encoded (`%2B`) or JSON-escaped (`\u003c`); and, for a secret of several lines, with its line
// breaks as they are, escaped (`\n`, `%0A`), turned into blanks, or as `<br>`. Each line of a
// multi-line secret (of 4 characters or more) is a secret of its own too, so a message that
// carries only one line of it is redacted as well.
const secrets = new Set();
let patterns = [];
let sink = () => { };
/** Lines of a multi-line secret shorter than this are not redacted on their own. */
const MIN_LINE_LENGTH = 4;
/** Registers a value to redact (and tells the sink, such as the runner's `::add-mask::`). */
function registerSecret(value) {
    if (!value || secrets.has(value))
        return;
    const added = [value];
    if (/[\r\n]/.test(value)) {
        for (const line of value.split(/\r\n|\r|\n/)) {
            const trimmed = line.trim();
            if (trimmed.length >= MIN_LINE_LENGTH && !secrets.has(trimmed))
                added.push(trimmed);
        }
    }
    for (const secret of added)
        secrets.add(secret);
    // Longest first, so a secret that contains another is replaced whole.
    patterns = [...secrets].sort((a, b) => b.length - a.length).map(secretPattern);
    for (const secret of added)
        sink(secret);
}
/** Where each secret registered from now on is also sent (the runner's `::add-mask::`). */
function setSecretSink(send) {
    sink = send;
}
function redact(text) {
    let out = text;
    for (const pattern of patterns)
        out = out.replace(pattern, '***');
    return out;
}
/** For tests that run the action more than once in one process. */
function forgetSecrets() {
    secrets.clear();
    patterns = [];
}
/** A run of line breaks, in any of the forms a line break takes on the way out. */
const LINE_BREAK = String.raw `(?:\s|\\+[rn]|%0[aAdD]|<br\s*/?>)+`;
const ENTITIES = {
    '&': ['&amp;'],
    '<': ['&lt;'],
    '>': ['&gt;'],
    '"': ['&quot;'],
    "'": ['&apos;']
};
/** The pattern of every form of `secret` (see the file's comment). */
function secretPattern(secret) {
    const chars = [...secret];
    let source = '';
    for (let i = 0; i < chars.length; i++) {
        const char = chars[i];
        if (char === '\r' || char === '\n') {
            while (chars[i + 1] === '\r' || chars[i + 1] === '\n')
                i++;
            source += LINE_BREAK;
        }
        else {
            source += charPattern(char);
        }
    }
    return new RegExp(source, 'g');
}
function charPattern(char) {
    if (/^[A-Za-z0-9]$/.test(char))
        return char;
    const code = char.codePointAt(0);
    const forms = [escapeRegExp(char)];
    if (code < 0x80) {
        const hex = code.toString(16).padStart(2, '0');
        forms.push(`%${hex.toUpperCase()}`, `%${hex.toLowerCase()}`, `&#${code};`, `&#x${hex};`);
        forms.push(...(ENTITIES[char] ?? []));
        if (char === ' ')
            forms.push(String.raw `\s+`, String.raw `\+`, '&nbsp;');
        if (char === '\t')
            forms.push(String.raw `\s+`, String.raw `\\+t`);
    }
    else {
        forms.push([...Buffer.from(char, 'utf8')].map(byte => `%${byte.toString(16).toUpperCase()}`).join(''));
    }
    if (code <= 0xffff) {
        const unicode = code.toString(16).padStart(4, '0');
        forms.push(String.raw `\\u${unicode}`, String.raw `\\u${unicode.toUpperCase()}`);
    }
    // Any number of backslashes before it: JSON, Markdown and double escaping.
    return String.raw `(?:\\*(?:${forms.join('|')}))`;
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}


/***/ })

};
