// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DeleteAccount } from "./DeleteAccount";

function setUp() {
  const root = document.body.appendChild(document.createElement("div"));
  root.id = "root";
  const onDeleted = vi.fn();
  render(<DeleteAccount onDeleted={onDeleted} />, { container: root });
  const opener = screen.getByRole("button", { name: "Delete my account" });
  opener.focus();
  fireEvent.click(opener);
  return { root, opener, onDeleted, dialog: screen.getByRole("dialog", { name: "Delete your account?" }) };
}

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("the delete-account dialog", () => {
  it("is modal: focus starts in the field, Tab wraps inside, the page behind is inert", () => {
    const { root, dialog } = setUp();
    const input = screen.getByLabelText("Type DELETE to confirm");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(document.activeElement).toBe(input);
    expect(root.hasAttribute("inert")).toBe(true);

    const confirm = screen.getByRole("button", { name: "Delete my account permanently" });
    confirm.focus();
    fireEvent.keyDown(confirm, { key: "Tab" });
    expect(document.activeElement).toBe(input);
    fireEvent.keyDown(input, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(confirm);
  });

  it("closes on Escape and gives focus back", () => {
    const { root, opener } = setUp();
    fireEvent.keyDown(screen.getByLabelText("Type DELETE to confirm"), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(root.hasAttribute("inert")).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  it("deletes only once DELETE is typed", async () => {
    const fetchImpl = vi.fn(async () =>
      new Response(JSON.stringify({ deleted: true, deletionId: "del-1" }), { status: 200, headers: { "Content-Type": "application/json" } }),
    );
    vi.stubGlobal("fetch", fetchImpl);
    const { onDeleted } = setUp();
    const input = screen.getByLabelText("Type DELETE to confirm");
    fireEvent.change(input, { target: { value: "delete" } });
    fireEvent.click(screen.getByRole("button", { name: "Delete my account permanently" }));
    expect(screen.getByText("Type DELETE in capital letters to confirm.")).toBeTruthy();
    expect(fetchImpl).not.toHaveBeenCalled();

    fireEvent.change(input, { target: { value: "DELETE" } });
    fireEvent.click(screen.getByRole("button", { name: "Delete my account permanently" }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith("del-1"));
    const [path, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect([path, init.method, JSON.parse(String(init.body))]).toEqual(["/api/v1/me", "DELETE", { confirm: "DELETE" }]);
  });
});
