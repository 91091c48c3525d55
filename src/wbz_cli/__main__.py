from wbz_cli.cli.app import main

main()
