;;; sqlheal.el --- sqlheal language server with eglot  -*- lexical-binding: t; -*-

;; Load with (load "/path/to/sqlheal/editors/emacs/sqlheal.el") after eglot (Emacs 29+).
;; M-x eglot in a JS/TS buffer starts sqlheal; M-x sqlheal-repair-preview, sqlheal-repair and
;; sqlheal-rollback run the schema repair commands.

;;; Code:

(require 'eglot)
(require 'jsonrpc)

(defgroup sqlheal nil
  "Checks the SQLite SQL inside JavaScript and TypeScript."
  :group 'tools)

(defcustom sqlheal-program "sqlheal"
  "The sqlheal executable."
  :type 'string)

(defconst sqlheal-major-modes
  '(js-mode js-ts-mode js-jsx-mode typescript-mode typescript-ts-mode tsx-ts-mode sql-mode)
  "Major modes whose buffers sqlheal checks (sql-mode: the migrations, whose
schema-drift warnings offer the repair step as a code action).")

;; eglot runs one server per buffer: with this entry, M-x eglot starts sqlheal for these modes.
;; To keep typescript-language-server as well, use lsp-mode, which runs several servers.
(add-to-list 'eglot-server-programs
             `(,sqlheal-major-modes . ,(lambda (&rest _) (list sqlheal-program "serve"))))

(defun sqlheal--execute (command argument)
  "Run the sqlheal COMMAND with the single ARGUMENT plist; return its result."
  (let ((server (eglot-current-server)))
    (unless server (user-error "No sqlheal server in this buffer: M-x eglot first"))
    (jsonrpc-request server :workspace/executeCommand
                     (list :command command :arguments (vector (or argument (make-hash-table)))))))

(defun sqlheal--plan-text (result)
  "The repair plan RESULT as SQL text."
  (let ((steps (plist-get result :steps)))
    (concat (format "-- sqlheal repair plan (dry run): %d step(s), nothing applied\n" (length steps))
            (mapconcat (lambda (step)
                         (concat "\n-- " (plist-get step :id) " (" (or (plist-get step :source) "migrations") ")\n"
                                 (mapconcat #'identity (plist-get step :sql) "\n")))
                       steps "\n")
            "\n")))

(defun sqlheal-repair-preview ()
  "Show the schema repair plan and its exact SQL (a dry run) in a buffer."
  (interactive)
  (let ((result (sqlheal--execute "sqlheal.repairSchema" '(:dryRun t))))
    (with-current-buffer (get-buffer-create "*sqlheal repair preview*")
      (let ((inhibit-read-only t))
        (erase-buffer)
        (insert (sqlheal--plan-text result)))
      (when (fboundp 'sql-mode) (sql-mode))
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
