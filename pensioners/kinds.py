"""What the pensioners app registers at start-up (from PensionersConfig.ready): case kinds
with `branches.registry` and document kinds with the kernel's document pipeline, one
call per area."""


def register() -> None:
    # Each area adds its registration here (rulings, payslips, certificates, dependents).
    pass
