/* The story editor: Quill 2 (vendored) in place of the body textarea, which keeps the HTML that is posted
   (the server sanitises it with newsroom.html.clean either way). Without scripts the textarea stays.
   Images from the "Ảnh và tệp đính kèm" panel are inserted at the cursor with their alternative text. */
(function () {
  "use strict";

  var LABELS = {
    bold: "Chữ đậm", italic: "Chữ nghiêng", underline: "Gạch chân", link: "Chèn liên kết",
    blockquote: "Trích dẫn", clean: "Xóa định dạng", "list:ordered": "Danh sách đánh số",
    "list:bullet": "Danh sách gạch đầu dòng", header: "Kiểu đoạn"
  };

  function emptyBody(quill) {
    return quill.getText().trim() === "" && !quill.root.querySelector("img");
  }

  function label(toolbar) {
    toolbar.querySelectorAll("button").forEach(function (button) {
      var name = (button.className.match(/ql-(\w+)/) || [])[1];
      var key = button.value ? name + ":" + button.value : name;
      if (LABELS[key]) { button.setAttribute("aria-label", LABELS[key]); button.title = LABELS[key]; }
    });
    toolbar.querySelectorAll(".ql-picker-label").forEach(function (picker) {
      picker.setAttribute("aria-label", LABELS.header);
    });
  }

  function start(mount) {
    var textarea = document.getElementById(mount.getAttribute("data-for"));
    if (!textarea || typeof window.Quill === "undefined") { return; }
    var holder = document.createElement("div");
    mount.appendChild(holder);
    var quill = new window.Quill(holder, {
      theme: "snow",
      modules: {
        toolbar: [[{ header: [2, 3, false] }], ["bold", "italic", "underline"],
          [{ list: "ordered" }, { list: "bullet" }], ["blockquote", "link"], ["clean"]]
      }
    });
    quill.setContents(quill.clipboard.convert({ html: textarea.value || "" }), "silent");
    textarea.classList.add("rich-text-ready");
    textarea.setAttribute("aria-hidden", "true");
    textarea.tabIndex = -1;
    quill.root.setAttribute("role", "textbox");
    quill.root.setAttribute("aria-multiline", "true");
    quill.root.setAttribute("aria-labelledby", mount.getAttribute("data-labelledby"));
    quill.root.setAttribute("data-testid", "body-editor");
    label(mount.querySelector(".ql-toolbar"));
    document.getElementById(mount.getAttribute("data-labelledby")).addEventListener("click", function () {
      quill.focus();
    });

    function sync() {
      textarea.value = emptyBody(quill) ? "" : quill.getSemanticHTML().replace(/&nbsp;/g, " ");
    }
    quill.on("text-change", sync);
    if (textarea.form) { textarea.form.addEventListener("submit", sync); }

    // Insert an image from the assets panel (which HTMX re-renders: listen on the document).
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-insert-image]");
      if (!button || button.disabled) { return; }
      var range = quill.getSelection(true) || { index: quill.getLength(), length: 0 };
      var img = document.createElement("img");
      img.src = button.getAttribute("data-src");
      img.alt = button.getAttribute("data-alt") || "";
      var html = "<p>" + img.outerHTML + "</p>";
      var caption = button.getAttribute("data-caption");
      if (caption) {
        var em = document.createElement("em");
        em.textContent = caption;
        html += "<p>" + em.outerHTML + "</p>";
      }
      quill.clipboard.dangerouslyPasteHTML(range.index, html, "user");
      sync();
    });

    // A removed image also leaves the body (its files are deleted).
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-remove-src]");
      if (!button || event.defaultPrevented) { return; }
      var src = button.getAttribute("data-remove-src");
      quill.root.querySelectorAll("img").forEach(function (img) {
        if (img.getAttribute("src") === src) {
          var blot = window.Quill.find(img);
          if (blot) { quill.deleteText(quill.getIndex(blot), 1, "user"); }
        }
      });
      sync();
    });
  }

  function init() { document.querySelectorAll(".rich-text-mount").forEach(start); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
