// Progressive enhancement of the import review: an item the curator stops
// keeping greys out at once, in its row and in the article. Without this
// script the form works the same.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.import-review");
  if (!form) return;
  function sync(checkbox) {
    var row = checkbox.closest(".import-row");
    if (!row) return;
    var rejected = !checkbox.checked;
    row.classList.toggle("rejected", rejected);
    var marks = document.querySelectorAll('.import-text a[href="#' + row.id + '"]');
    marks.forEach(function (link) {
      link.parentElement.classList.toggle("rejected", rejected);
    });
  }
  form.querySelectorAll('input[type=checkbox][name$="-keep"]').forEach(function (box) {
    sync(box);
    box.addEventListener("change", function () { sync(box); });
  });
});
