;;; scenario.el --- a new user's session in a real Emacs, driven by Tests/e2e/test_emacs.py  -*- lexical-binding: t; -*-

;; Runs in `emacs --batch' with editors/emacs/sqlheal.el set up as its README says: notes which
;; mode and languageId each kind of file gets, opens a file of the demo project, waits for
;; sqlheal's diagnostics through eglot and Flymake, lists the code actions, applies the parseInt
;; quick fix with `eglot-code-actions', saves, waits for the diagnostics to go, applies the
;; other safe fixes with `sqlheal-fix-all', shows the repair preview, and (with SQLHEAL_E2E_REPAIR_TITLE) picks a code action that would repair the database
;; and answers the server's question with Cancel; with SQLHEAL_E2E_SCHEMA_PROJECT (a copy of
;; protocol-fixtures/projects/database-only) it goes to the definition of a table only the
;; database declares.  Every wait is on a condition.  Results go to a JSON file the Python test asserts on.
;;
;; Environment: SQLHEAL_BINARY, SQLHEAL_EDITORS_EMACS (editors/emacs), SQLHEAL_E2E_PROJECT (a copy
;; of demo/), SQLHEAL_E2E_FILE (relative to it), SQLHEAL_E2E_LINE / SQLHEAL_E2E_COLUMN (1-based),
;; SQLHEAL_E2E_FIX_TITLE, SQLHEAL_E2E_REPAIR_TITLE (optional: the start of a repairing action's title),
;; SQLHEAL_E2E_RESULTS.

;;; Code:

(require 'cl-lib)
(require 'json)
(require 'subr-x)

(defvar scenario-results (list (cons 'steps nil) (cons 'emacs_version emacs-version)))
(defvar scenario-answers nil
  "What the simulated user answers to each `completing-read', in order: (PROMPT . CHOICE) pairs.")

(defun scenario-env (name)
  (or (getenv name) (error "Missing environment variable %s" name)))

(defun scenario-put (key value)
  (setf (alist-get key scenario-results) value)
  (scenario-write))

(defun scenario-write ()
  (with-temp-file (scenario-env "SQLHEAL_E2E_RESULTS")
    (insert (json-encode scenario-results))))

(defun scenario-step (name)
  (setf (alist-get 'steps scenario-results) (append (alist-get 'steps scenario-results) (list name)))
  (scenario-write))

(defun scenario-idle ()
  "What Emacs's command loop and redisplay do between two commands: process output, timers,
`post-command-hook' (eglot-ensure connects from there), the window configuration hooks
\(Flymake starts checking a buffer once it is shown)."
  (accept-process-output nil 0.05)
  (run-hooks 'post-command-hook)
  (run-window-configuration-change-hook))

(defun scenario-wait (description seconds condition)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall condition)) (< (float-time) deadline))
      (scenario-idle))
    (unless (funcall condition)
      (error "Timed out after %ss waiting for %s" seconds description))))

(defun scenario-diagnostics ()
  "The Flymake diagnostics of the current buffer, as plists sorted by position."
  (sort (mapcar (lambda (diagnostic)
                  (let ((beg (flymake-diagnostic-beg diagnostic))
                        (end (flymake-diagnostic-end diagnostic)))
                    (list :line (line-number-at-pos beg)
                          :column (1+ (save-excursion (goto-char beg) (current-column)))
                          :end_column (1+ (save-excursion (goto-char end) (current-column)))
                          :type (format "%s" (flymake-diagnostic-type diagnostic))
                          :text (flymake-diagnostic-text diagnostic))))
                (flymake-diagnostics))
        (lambda (a b) (or (< (plist-get a :line) (plist-get b :line))
                          (and (= (plist-get a :line) (plist-get b :line))
                               (< (plist-get a :column) (plist-get b :column)))))))

(defun scenario-diagnostics-on-line (line)
  (cl-remove-if-not (lambda (d) (= (plist-get d :line) line)) (scenario-diagnostics)))

(defun scenario-goto (line column)
  (goto-char (point-min))
  (forward-line (1- line))
  (move-to-column (1- column)))

(defun scenario-completing-read (prompt collection &rest _)
  "The simulated user: answers the next expected question, and notes every one asked."
  (let* ((choices (mapcar (lambda (item) (if (consp item) (car item) item))
                          (if (hash-table-p collection) (hash-table-keys collection) collection)))
         (answer (pop scenario-answers)))
    (scenario-put 'questions (vconcat (alist-get 'questions scenario-results)
                                      (list (list :prompt prompt :choices (vconcat choices)))))
    (unless answer (error "Unexpected question: %s %S" prompt choices))
    (or (cl-find-if (lambda (choice) (string-prefix-p (cdr answer) choice)) choices)
        (error "No choice starting with %S in %S (%s)" (cdr answer) choices prompt))))

(defun scenario-mode-of (file)
  "The major mode and languageId the user's Emacs gives FILE (in the project), and whether
eglot would start sqlheal for it."
  (let ((buffer (find-file-noselect file)))
    (with-current-buffer buffer
      (prog1 (list :file (file-name-nondirectory file)
                   :mode (symbol-name major-mode)
                   :language_id (sqlheal--language-id)
                   :sqlheal (and (memq #'sqlheal--eglot-ensure
                                       (apply #'append
                                              (mapcar (lambda (mode) (let ((hook (intern (format "%s-hook" mode))))
                                                                       (and (boundp hook) (derived-mode-p mode) (symbol-value hook))))
                                                      (mapcar #'car sqlheal-language-ids))))
                                t))
        (kill-buffer buffer)))))

(defun scenario-run ()
  (let* ((project (file-name-as-directory (scenario-env "SQLHEAL_E2E_PROJECT")))
         (file (expand-file-name (scenario-env "SQLHEAL_E2E_FILE") project))
         (line (string-to-number (scenario-env "SQLHEAL_E2E_LINE")))
         (column (string-to-number (scenario-env "SQLHEAL_E2E_COLUMN")))
         (fix-title (scenario-env "SQLHEAL_E2E_FIX_TITLE"))
         (repair-title (getenv "SQLHEAL_E2E_REPAIR_TITLE"))
         (server nil))
    (scenario-step "configure")
    ;; As editors/emacs/README.md says: load the file, call the setup.
    (require 'eglot)
    (scenario-put 'eglot_version (or (and (fboundp 'package-get-version) (ignore-errors (with-temp-buffer (insert-file-contents (locate-library "eglot.el")) (package-get-version))))
                                     (locate-library "eglot")))
    (load (expand-file-name "sqlheal.el" (scenario-env "SQLHEAL_EDITORS_EMACS")) nil t)
    (setq sqlheal-program (scenario-env "SQLHEAL_BINARY"))
    (sqlheal-setup)

    (scenario-step "modes")
    (scenario-put 'modes (vconcat (mapcar (lambda (name) (scenario-mode-of (expand-file-name name project)))
                                 '("src/sessions.js" "src/components/PostList.jsx" "src/users.ts"
                                   "src/components/AuditPanel.tsx" "migrations/10_orders.sql"))))

    (scenario-step "open")
    (find-file file)
    (scenario-put 'mode (symbol-name major-mode))
    (scenario-step "connect")
    (scenario-wait "eglot to start sqlheal" 30 (lambda () (and (eglot-current-server) eglot--managed-mode)))
    (setq server (eglot-current-server))
    (scenario-put 'server_class (symbol-name (eieio-object-class server)))
    (scenario-put 'project_root (expand-file-name (project-root (eglot--project server))))

    (scenario-step "diagnostics")
    (scenario-wait "sqlheal diagnostics on the seed line" 30 (lambda () (scenario-diagnostics-on-line line)))
    (scenario-put 'diagnostics_initial (vconcat (scenario-diagnostics)))

    (scenario-step "code actions")
    (scenario-goto line column)
    (scenario-put 'code_action_titles
                  (vconcat (mapcar (lambda (action) (plist-get action :title)) (eglot-code-actions (point) (point)))))

    (scenario-step "apply quick fix")
    (scenario-goto line column)
    (let ((line-before (buffer-substring-no-properties (line-beginning-position) (line-end-position))))
      (setq scenario-answers (list (cons "action" fix-title)))
      (let ((last-nonmenu-event ?\r))     ; chosen from the keyboard (M-x), not a mouse menu
        (cl-letf (((symbol-function 'completing-read) #'scenario-completing-read))
          (eglot-code-actions (point) (point) nil t)))
      (scenario-wait "the quick fix to edit the line" 10
                     (lambda () (save-excursion (scenario-goto line 1)
                                                (not (equal line-before (buffer-substring-no-properties (line-beginning-position) (line-end-position))))))))
    (scenario-put 'buffer_after_fix (vconcat (split-string (buffer-substring-no-properties (point-min) (point-max)) "\n")))
    (save-buffer)

    (scenario-step "diagnostics after fix")
    (scenario-wait "the seed line's diagnostics to go" 30 (lambda () (null (scenario-diagnostics-on-line line))))
    (scenario-put 'diagnostics_after_fix (vconcat (scenario-diagnostics)))

    (scenario-step "fix all")
    (let ((text-before (buffer-string)))
      (sqlheal-fix-all)
      (scenario-wait "the safe fixes to edit the buffer" 10 (lambda () (not (equal text-before (buffer-string))))))
    (scenario-put 'buffer_after_fix_all (vconcat (split-string (buffer-substring-no-properties (point-min) (point-max)) "\n")))

    (scenario-step "repair preview")
    (sqlheal-repair-preview)
    (with-current-buffer sqlheal-repair-preview-buffer
      (scenario-put 'preview (buffer-substring-no-properties (point-min) (point-max)))
      (scenario-put 'preview_mode (symbol-name major-mode)))

    (when repair-title
      (scenario-step "repairing code action asks")
      ;; In the migration that was never applied, the user picks the action that creates its
      ;; table, and answers the server's question with Cancel: nothing may be written.
      (find-file (expand-file-name "migrations/10_orders.sql" project))
      (scenario-put 'migration_mode (symbol-name major-mode))
      (scenario-wait "sqlheal to manage the migration" 30 (lambda () (and (eglot-current-server) eglot--managed-mode)))
      (scenario-put 'migration_same_server (eq (eglot-current-server) server))
      (scenario-wait "the schema-drift warning on the orders table" 30 (lambda () (scenario-diagnostics-on-line 4)))
      (scenario-put 'migration_diagnostics (vconcat (scenario-diagnostics)))
      (scenario-goto 4 15)
      (setq scenario-answers (list (cons "action" repair-title) (cons "question" "Cancel")))
      (let ((last-nonmenu-event ?\r))
        (cl-letf (((symbol-function 'completing-read) #'scenario-completing-read))
          (eglot-code-actions (point) (point) nil t)
          ;; The answer travels back to the server, which answers the command.
          (scenario-wait "the repair question" 10 (lambda () (null scenario-answers)))
          (dotimes (_ 10) (scenario-idle))))
      (scenario-put 'answers_left (length scenario-answers)))

    (let ((schema-project (getenv "SQLHEAL_E2E_SCHEMA_PROJECT")))
      (when schema-project
        ;; Go to definition of a table only the database declares: its schema, read-only.
        (scenario-step "schema document")
        (find-file (expand-file-name "src/audit.js" schema-project))
        (scenario-wait "sqlheal to manage the database-only project" 30 (lambda () (and (eglot-current-server) eglot--managed-mode)))
        (goto-char (point-min))
        (search-forward "FROM audit_log")
        (backward-char 3)
        (let ((definitions (xref-backend-definitions 'eglot (xref-backend-identifier-at-point 'eglot))))
          (scenario-put 'schema_definitions (length definitions))
          (xref-pop-to-location (car definitions)))
        (scenario-put 'schema_document (list :file buffer-file-name
                                             :read_only (if buffer-read-only t :json-false)
                                             :managed (if (bound-and-true-p eglot--managed-mode) t :json-false)
                                             :line (line-number-at-pos)
                                             :symbol (thing-at-point 'symbol t)
                                             :text (buffer-substring-no-properties (point-min) (point-max))))))

    (scenario-step "done")
    (scenario-put 'ok t)))

(condition-case failure
    (scenario-run)
  (error
   (scenario-put 'ok :json-false)
   (scenario-put 'error (error-message-string failure))))
(ignore-errors (eglot-shutdown-all))
(kill-emacs (if (eq (alist-get 'ok scenario-results) t) 0 1))

;;; scenario.el ends here
