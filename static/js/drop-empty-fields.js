// A GET form sends every field, the empty ones too (?q=网格&region=&theme=…).
// Leave the empty ones out of what a form submits, so that the URL names only the
// filters in use. Without this script the list page redirects to the same URL.
document.addEventListener(
  "formdata",
  (event) => {
    if (event.target.method !== "get") {
      return;
    }
    const entries = [...event.formData.entries()];
    for (const [name] of entries) {
      event.formData.delete(name);
    }
    for (const [name, value] of entries) {
      if (typeof value !== "string" || value.trim() !== "") {
        event.formData.append(name, value);
      }
    }
  },
  true,
);
