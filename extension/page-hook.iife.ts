// Runs in the page's own JavaScript world (MAIN) at document_start. Filled in by the extension issue.
export {};
