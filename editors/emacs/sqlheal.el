;;; sqlheal.el --- sqlheal language server with eglot  -*- lexical-binding: t; -*-

;; Emacs 29 and 30 have eglot built in.  Emacs 28 (Debian 12's) needs it installed first:
;; `apt-get install elpa-eglot' (eglot 1.9), or M-x package-install RET eglot.
;;
;;   (load "/path/to/sqlheal/editors/emacs/sqlheal.el")
;;   (sqlheal-setup)
;;
;; `sqlheal-setup' starts sqlheal (eglot-ensure) in the modes Emacs uses for .js, .jsx, .ts, .tsx
;; and .sql files, with or without tree-sitter grammars, gives .ts/.tsx files a mode when Emacs has
;; none, and makes the folder holding sqlheal.json the project root.  Go to definition of a table
;; only the database declares opens its schema, read-only.  Commands:
;; M-x sqlheal-fix-all, sqlheal-repair-preview, sqlheal-repair, sqlheal-rollback.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)
(require 'js)
(require 'project)
(require 'subr-x)
(require 'url-parse)

(defgroup sqlheal nil
  "Checks the SQLite SQL inside JavaScript and TypeScript."
  :group 'tools)

(defcustom sqlheal-program "sqlheal"
  "The sqlheal executable (a name on `exec-path' or an absolute file name)."
  :type 'string)

;;;; Modes

(define-derived-mode sqlheal-typescript-fallback-mode js-mode "TypeScript"
  "JavaScript editing for TypeScript files, for an Emacs that has no TypeScript mode.
Emacs 28 has none; Emacs 29 and 30 map .ts to `typescript-ts-mode' only when the
tree-sitter grammar is installed.  `sqlheal-setup' uses this mode then, so that
the files still get sqlheal's diagnostics and quick fixes.")

(define-derived-mode sqlheal-tsx-fallback-mode js-jsx-mode "TSX"
  "JavaScript and JSX editing for .tsx files, for an Emacs that has no TSX mode.
See `sqlheal-typescript-fallback-mode'.")

(defconst sqlheal-language-ids
  '((sqlheal-tsx-fallback-mode . "typescriptreact")
    (sqlheal-typescript-fallback-mode . "typescript")
    (tsx-ts-mode . "typescriptreact")
    (typescript-ts-mode . "typescript")
    (typescript-mode . "typescript")
    (rjsx-mode . "javascriptreact")
    (js-jsx-mode . "javascriptreact")
    (js-ts-mode . "javascript")
    (js2-mode . "javascript")
    (js-mode . "javascript")
    (sql-mode . "sql"))
  "The major modes sqlheal runs in, most specific first, with their LSP languageId.
sql-mode: the migrations, whose schema-drift warnings offer the repair step as a
quick fix.  Modes that are not installed are harmless here.")

(defconst sqlheal-language-ids-by-extension
  '(("js" . "javascript") ("mjs" . "javascript") ("cjs" . "javascript")
    ("jsx" . "javascriptreact")
    ("ts" . "typescript") ("mts" . "typescript") ("cts" . "typescript")
    ("tsx" . "typescriptreact")
    ("sql" . "sql"))
  "The languageId of a file by its extension, which wins over the mode's:
Emacs opens .jsx files in `js-mode', yet the server must read them as JSX.")

(defun sqlheal--language-id ()
  "The LSP languageId of the current buffer."
  (or (and buffer-file-name
           (cdr (assoc (downcase (or (file-name-extension buffer-file-name) ""))
                       sqlheal-language-ids-by-extension)))
      (cdr (cl-find-if (lambda (entry) (derived-mode-p (car entry))) sqlheal-language-ids))))

(defun sqlheal--mode-for-file-name (file-name)
  "The major mode `auto-mode-alist' gives FILE-NAME, or nil."
  (let ((mode (assoc-default file-name auto-mode-alist #'string-match-p)))
    (if (consp mode) (car mode) mode)))

;;;; The server

(defclass sqlheal-eglot-server (eglot-lsp-server) ()
  :documentation "An eglot connection to `sqlheal serve'.")

(cl-defmethod eglot-client-capabilities ((server sqlheal-eglot-server))
  "Eglot's capabilities, plus `window.showMessage': eglot answers the server's
questions (window/showMessageRequest) in the minibuffer but does not say so, and
sqlheal asks before a code action writes the database only of a client that says so
\(to one that does not, it applies nothing)."
  (let* ((capabilities (copy-sequence (cl-call-next-method)))
         (window (copy-sequence (plist-get capabilities :window))))
    (plist-put capabilities :window
               (plist-put window :showMessage '(:messageActionItem (:additionalPropertiesSupport :json-false))))))

(defun sqlheal--contact (&rest _)
  "How eglot starts the server: read when it starts, so `sqlheal-program' may change."
  (list 'sqlheal-eglot-server sqlheal-program "serve"))

;; One entry for every mode: eglot runs one sqlheal per project for all of them.  It comes first,
;; so in these modes eglot starts sqlheal instead of typescript-language-server (eglot runs one
;; server per buffer; to keep both, use lsp-mode with sqlheal as an add-on client).
(add-to-list 'eglot-server-programs
             (cons (mapcar (lambda (entry) (list (car entry) :language-id (cdr entry)))
                           sqlheal-language-ids)
                   #'sqlheal--contact))

(defun sqlheal--document-language (item)
  "ITEM, a didOpen TextDocumentItem, with the languageId of the buffer's file.
Eglot 1.9 (Emacs 28) sends one languageId for every buffer of a server, the one
of the mode that started it: a .sql or .ts file opened after a .js file would
be read as JavaScript."
  (if (and (cl-typep (eglot-current-server) 'sqlheal-eglot-server) (sqlheal--language-id))
      (plist-put item :languageId (sqlheal--language-id))
    item))

(advice-add 'eglot--TextDocumentItem :filter-return #'sqlheal--document-language)

;;;; Schema documents

;; Go to definition of a table only the database declares answers a `sqlheal-schema:' URI, a
;; read-only document the server makes (its `sqlheal/schemaDocument' request).  Eglot knows only
;; files, so the document is fetched and kept in a read-only file under
;; `sqlheal-schema-directory', which xref then visits like any other.

(defcustom sqlheal-schema-directory (expand-file-name "sqlheal-schema" temporary-file-directory)
  "Where the read-only copies of `sqlheal-schema:' documents are kept."
  :type 'directory)

(defun sqlheal--schema-document-file (uri)
  "A local, read-only copy of the `sqlheal-schema:' document URI, fetched from the server."
  (let* ((name (file-name-nondirectory (car (split-string (url-filename (url-generic-parse-url uri)) "?"))))
         (file (expand-file-name (concat (md5 uri) "/" (if (string-empty-p name) "schema.sql" name))
                                 sqlheal-schema-directory))
         (server (eglot-current-server))
         (text (and server (plist-get (jsonrpc-request server :sqlheal/schemaDocument (list :uri uri)) :text))))
    (when text
      (make-directory (file-name-directory file) t)
      (with-temp-file file (insert text))
      ;; A copy shown before shows the schema as it is now.
      (let ((buffer (get-file-buffer file)))
        (when buffer (with-current-buffer buffer (revert-buffer t t t)))))
    file))

(defun sqlheal--schema-document-p (file)
  "Whether FILE is a copy of a `sqlheal-schema:' document."
  (and file (file-in-directory-p file sqlheal-schema-directory)))

(defun sqlheal--uri-to-path (original uri &rest arguments)
  "`sqlheal-schema:' URIs to their local copies; other URIs as eglot converts them."
  (if (and (stringp uri) (string-prefix-p "sqlheal-schema:" uri))
      (sqlheal--schema-document-file uri)
    (apply original uri arguments)))

;; eglot 1.9 to 1.15 name it `eglot--uri-to-path'; later versions `eglot-uri-to-path'.
(dolist (converter '(eglot--uri-to-path eglot-uri-to-path))
  (when (fboundp converter) (advice-add converter :around #'sqlheal--uri-to-path)))

(defun sqlheal--schema-document-read-only ()
  "Schema documents are shown, never edited: change a schema with a migration."
  (when (sqlheal--schema-document-p buffer-file-name)
    (setq buffer-read-only t)))

(add-hook 'find-file-hook #'sqlheal--schema-document-read-only)

(defun sqlheal--eglot-ensure ()
  "`eglot-ensure', except in schema documents: they belong to no project."
  (unless (sqlheal--schema-document-p buffer-file-name)
    (eglot-ensure)))

;;;; The project root

(defun sqlheal-project-try (directory)
  "The project of DIRECTORY: the nearest folder above it holding sqlheal.json.
For Emacs 28, whose project.el has no `project-vc-extra-root-markers'."
  (when-let ((root (locate-dominating-file directory "sqlheal.json")))
    (cons 'transient (expand-file-name root))))

(defun sqlheal--find-project-root-by-config ()
  "Make the folder holding sqlheal.json a project root, above the VCS root."
  (if (boundp 'project-vc-extra-root-markers)
      (add-to-list 'project-vc-extra-root-markers "sqlheal.json")
    (add-hook 'project-find-functions #'sqlheal-project-try)))

;;;; Setup

(defun sqlheal-setup ()
  "Check JavaScript, TypeScript and SQL buffers with sqlheal.
Starts eglot in every mode of `sqlheal-language-ids', gives .ts, .mts, .cts and
.tsx files a mode when Emacs has none, and .mjs/.cjs `js-mode', and finds the
project root by sqlheal.json."
  (interactive)
  (dolist (entry sqlheal-language-ids)
    (add-hook (intern (format "%s-hook" (car entry))) #'sqlheal--eglot-ensure))
  (dolist (fallback '(("\\.[cm]?js\\'" "x.mjs" js-mode)
                      ("\\.[cm]?ts\\'" "x.ts" sqlheal-typescript-fallback-mode)
                      ("\\.tsx\\'" "x.tsx" sqlheal-tsx-fallback-mode)))
    (cl-destructuring-bind (pattern example mode) fallback
      (unless (sqlheal--mode-for-file-name example)
        (add-to-list 'auto-mode-alist (cons pattern mode)))))
  (sqlheal--find-project-root-by-config))

;;;; Commands

(defun sqlheal--server ()
  "The sqlheal server of the current buffer."
  (let ((server (eglot-current-server)))
    (unless (cl-typep server 'sqlheal-eglot-server)
      (user-error "No sqlheal server in this buffer: open a JavaScript, TypeScript or SQL file of the project"))
    server))

(defun sqlheal--execute (command argument)
  "Run the sqlheal COMMAND with the single ARGUMENT plist; return its result."
  (jsonrpc-request (sqlheal--server) :workspace/executeCommand
                   (list :command command :arguments (vector (or argument (make-hash-table))))))

(defun sqlheal--plan-text (result)
  "The repair plan RESULT as SQL text: the complete script, as `sqlheal repair --dry-run' prints it."
  (let ((script (plist-get result :script)))
    (if (and (stringp script) (not (string-empty-p script)))
        script
      ;; A server older than the script field: the steps' statements only.
      (let ((steps (plist-get result :steps)))
        (concat (format "-- sqlheal repair plan (dry run): %d step(s), nothing applied\n" (length steps))
                (mapconcat (lambda (step)
                             (concat "\n-- " (plist-get step :id) " (" (or (plist-get step :source) "migrations") ")\n"
                                     (mapconcat #'identity (plist-get step :sql) "\n")))
                           steps "\n")
                "\n")))))

(defun sqlheal-fix-all ()
  "Apply every safe sqlheal fix in this buffer (the source.fixAll.sqlheal code action)."
  (interactive)
  (sqlheal--server)
  (eglot-code-actions (point-min) (point-max) "source.fixAll.sqlheal" t))

(defconst sqlheal-repair-preview-buffer "*sqlheal repair preview*")

(defun sqlheal-repair-preview ()
  "Show the schema repair plan and its exact SQL (a dry run) in a buffer."
  (interactive)
  (let ((result (sqlheal--execute "sqlheal.repairSchema" '(:dryRun t))))
    (with-current-buffer (get-buffer-create sqlheal-repair-preview-buffer)
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert (sqlheal--plan-text result)))
      ;; No eglot here: the preview is not a file of the project.
      (delay-mode-hooks (sql-mode))
      (goto-char (point-min))
      (read-only-mode 1)
      (display-buffer (current-buffer)))))

(defun sqlheal-repair (&optional no-confirm)
  "Repair the database schema; ask first unless NO-CONFIRM (a prefix argument)."
  (interactive "P")
  (let* ((plan (sqlheal--execute "sqlheal.repairSchema" '(:dryRun t)))
         (ids (mapcar (lambda (step) (plist-get step :id)) (plist-get plan :steps))))
    (cond
     ((null ids) (message "sqlheal: the database already matches the migrations"))
     ((or no-confirm
          (yes-or-no-p (format "Apply %d repair step(s) to %s (a backup is made first)? %s "
                               (length ids) (or (plist-get plan :database) "the database")
                               (string-join ids ", "))))
      ;; confirmed: the user has just answered; the server asks only when it is not set.
      (let ((result (sqlheal--execute "sqlheal.repairSchema"
                                      (list :dryRun :json-false :only (vconcat ids) :confirmed t))))
        (message "sqlheal: %s; backup %s; undo with M-x sqlheal-rollback"
                 (if (eq (plist-get result :applied) t) "repaired" "not applied")
                 (or (plist-get result :backup) "none")))))))

(defun sqlheal-rollback (&optional history-id)
  "Undo the repair or fix HISTORY-ID (default: the latest)."
  (interactive (list (let ((id (read-string "History id (empty: the latest): "))) (unless (string-empty-p id) id))))
  (when (yes-or-no-p (format "Roll back %s? " (or history-id "the latest repair or fix")))
    (let ((result (sqlheal--execute "sqlheal.rollback" (if history-id (list :historyId history-id) (make-hash-table)))))
      (message "sqlheal: %s %s" (if (eq (plist-get result :restored) t) "rolled back" "nothing rolled back")
               (or (plist-get result :historyId) "")))))

(provide 'sqlheal)
;;; sqlheal.el ends here
