"use client";

import { useRef, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { DataTable, type DataTableColumn, type DataTableState } from "@/components/ui/data-table";
import { Modal, ModalClose } from "@/components/ui/modal";
import { RowMenu, type RowMenuItem } from "@/components/ui/row-menu";
import { useRowDialog } from "@/components/ui/use-row-dialog";
import type { AvailabilityMap } from "@/lib/realms/catalog";
import type { AssignmentView, RealmView } from "@/lib/realms/views";
import { AssignmentForm } from "./assignment-form";
import type { AssignmentCommands } from "./use-assignment-commands";

type Props = {
  connectionId: string;
  assignments: AssignmentView[];
  /** Realms known by id, for the target column's names and the edit form's picker. */
  realms: RealmView[];
  profileSources: string[];
  availability: AvailabilityMap;
  commands: AssignmentCommands;
  /** After an edit is saved (the list is read again). */
  onEdited: () => void;
  /** Leave the target realm column out (a realm's own tab: it is always that realm). */
  hideTarget?: boolean;
  state?: DataTableState;
  label?: string;
  empty?: ReactNode;
};

const STATUS_STYLES: Record<string, string> = { ACTIVE: "bg-emerald-100 text-emerald-800", INACTIVE: "bg-slate-100 text-slate-700" };

/**
 * Realm assignments in the shared data table (sortable by priority, name and status), each row's
 * actions in its row menu; the edit form and the delete confirmation open as dialogs, and focus
 * returns to the row's menu button when they close.
 */
export function AssignmentTable({ connectionId, assignments, realms, profileSources, availability, commands, onEdited, hideTarget, state, label = "Realm assignments", empty = "No realm assignments yet." }: Props) {
  const { dialog, openDialog, close, control, triggers, triggerRef } = useRowDialog<"edit" | "delete", AssignmentView>((a) => a.id);
  // After a delete the row (and its menu button, which had focus) goes away: focus moves to the
  // next row's menu, else the previous one's, else the table, never to the page's start.
  const deleting = useRef<{ id: string; neighbours: string[] }>(undefined);
  const wrapper = useRef<HTMLDivElement>(null);
  const refocusAfterDelete = (removedId: string) => {
    if (deleting.current?.id !== removedId) return;
    queueMicrotask(() => {
      // A re-render detaches and re-attaches every menu button; only a row that stays gone counts.
      const pending = deleting.current;
      if (pending?.id !== removedId || triggers.current.has(removedId)) return;
      deleting.current = undefined;
      if (document.activeElement && document.activeElement !== document.body) return;
      const next = pending.neighbours.map((id) => triggers.current.get(id)).find((el) => el?.isConnected);
      (next ?? wrapper.current)?.focus();
    });
  };
  const realmName = (id: string | null) => (id ? realms.find((r) => r.id === id)?.name : undefined);
  const busy = commands.pending;

  const menu = (a: AssignmentView): RowMenuItem[] => [
    { kind: "command", label: "Edit", onSelect: () => openDialog("edit", a), disabled: !availability["realm.assignment.update"].allowed },
    a.status === "ACTIVE"
      ? { kind: "command", label: "Deactivate", onSelect: () => commands.deactivate(a), disabled: busy || !availability["realm.assignment.deactivate"].allowed }
      : { kind: "command", label: "Activate", onSelect: () => commands.activate(a), disabled: busy || !availability["realm.assignment.activate"].allowed },
    { kind: "command", label: "Run", onSelect: () => commands.execute(a), disabled: busy || !availability["realm.assignment.execute"].allowed },
    { kind: "separator" },
    { kind: "command", label: "Delete", onSelect: () => openDialog("delete", a), danger: true, disabled: !availability["realm.assignment.delete"].allowed },
  ];

  const columns: DataTableColumn<AssignmentView>[] = [
    { id: "priority", header: "Priority", accessorFn: (a) => a.priority, className: "w-20 tabular-nums", cell: ({ row: { original: a } }) => a.priority },
    {
      id: "name",
      header: "Name",
      accessorFn: (a) => a.name.toLowerCase(),
      rowHeader: true,
      className: "min-w-44",
      cell: ({ row: { original: a } }) => (
        <div>
          <span className="break-words">{a.name}</span>
          {a.isDefault ? <span className="ml-2 rounded bg-slate-200 px-1.5 text-xs font-normal">Catch-all</span> : null}
          {a.profileSourceId ? <div className="font-mono text-xs font-normal text-slate-600">{a.profileSourceId}</div> : null}
        </div>
      ),
    },
    {
      id: "status",
      header: "Status",
      accessorFn: (a) => a.status,
      cell: ({ row: { original: a } }) => <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", STATUS_STYLES[a.status] ?? STATUS_STYLES.INACTIVE)}>{a.status}</span>,
    },
    { id: "condition", header: "Condition", enableSorting: false, className: "min-w-48 font-mono text-xs break-words", cell: ({ row: { original: a } }) => a.expression ?? "—" },
    ...(hideTarget
      ? []
      : [
          {
            id: "target",
            header: "Target realm",
            enableSorting: false,
            className: "min-w-40",
            cell: ({ row: { original: a } }) =>
              a.targetRealmId ? (
                <span className="inline-flex flex-wrap items-center gap-1.5">
                  <span title={a.targetRealmId}>{realmName(a.targetRealmId) ?? a.targetRealmId}</span>
                  <CopyButton value={a.targetRealmId} label="Copy target realm id" />
                </span>
              ) : (
                "—"
              ),
          } satisfies DataTableColumn<AssignmentView>,
        ]),
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      enableSorting: false,
      className: "w-12 text-right",
      cell: ({ row: { original: a } }) =>
        a.isDefault ? (
          <span className="text-xs whitespace-nowrap text-slate-600">Managed by Okta</span>
        ) : (
          <RowMenu
            label={`Actions for ${a.name}`}
            items={menu(a)}
            triggerRef={triggerRef(a.id, () => refocusAfterDelete(a.id))}
          />
        ),
    },
  ];

  const open = dialog?.row;
  return (
    <>
      <div ref={wrapper} tabIndex={-1} className="focus-visible:outline-2 focus-visible:outline-brand">
        <DataTable label={label} data={assignments} columns={columns} getRowId={(a) => a.id} sortable state={state} empty={empty} testId="assignments-table" />
      </div>
      {dialog?.kind === "edit" && open ? (
        <Modal key={`e${dialog.n}`} title={`Edit “${open.name}”`} wide {...control}>
          <AssignmentForm
            connectionId={connectionId}
            realms={realms}
            profileSources={profileSources}
            availability={availability["realm.assignment.update"]}
            assignment={open}
            bare
            onDone={() => {
              close();
              onEdited();
            }}
          />
        </Modal>
      ) : null}
      {dialog?.kind === "delete" && open ? (
        <Modal key={`d${dialog.n}`} title={`Delete “${open.name}”?`} description="Users it already moved stay where they are." {...control}>
          <div className="flex justify-end gap-2">
            <ModalClose asChild>
              <Button variant="secondary">Cancel</Button>
            </ModalClose>
            <Button
              variant="danger"
              disabled={busy}
              onClick={() => {
                const ids = assignments.filter((x) => !x.isDefault).map((x) => x.id);
                const at = ids.indexOf(open.id);
                deleting.current = { id: open.id, neighbours: [...ids.slice(at + 1), ...ids.slice(0, Math.max(0, at)).reverse()] };
                close();
                commands.remove(open);
              }}
            >
              Delete assignment
            </Button>
          </div>
        </Modal>
      ) : null}
    </>
  );
}
