// Runs in the isolated content-script world; carries JSON between the page hook and the background.
export {};
