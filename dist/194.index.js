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
const secrets = new Set();
let ordered = [];
let sink = () => { };
/** Registers a value to redact (and tells the sink, such as the runner's `::add-mask::`). */
function registerSecret(value) {
    if (!value || secrets.has(value))
        return;
    secrets.add(value);
    // Longest first, so a secret that contains another is replaced whole.
    ordered = [...secrets].sort((a, b) => b.length - a.length);
    sink(value);
}
/** Where each secret registered from now on is also sent (the runner's `::add-mask::`). */
function setSecretSink(send) {
    sink = send;
}
function redact(text) {
    let out = text;
    for (const secret of ordered) {
        if (out.includes(secret))
            out = out.split(secret).join('***');
    }
    return out;
}
/** For tests that run the action more than once in one process. */
function forgetSecrets() {
    secrets.clear();
    ordered = [];
}


/***/ })

};
